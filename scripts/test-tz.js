// Runs the library and bundle tests again under two far-apart time zones: nothing in the
// library may depend on the machine's time zone (dates are Excel serials, conversions UTC).
const { spawnSync } = require("child_process");

const suites = [
  "test/calendar",
  "test/attainment",
  "test/credits",
  "test/status",
  "test/savings",
  "test/governance",
  "test/functions",
  "test/tickets",
];
for (const tz of ["Pacific/Chatham", "America/St_Johns"]) {
  console.log(`\n=== jest under TZ=${tz}`);
  const result = spawnSync(process.execPath, [require.resolve("jest/bin/jest"), ...suites], {
    stdio: "inherit",
    env: { ...process.env, TZ: tz },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
