/**
 * The command line's entry point: parses the arguments, runs the command, and turns every
 * problem into one line on stderr and an exit code (0 success; 1 findings, tampering or a
 * refused closure; 2 usage or input errors). Never prints a stack trace.
 */
import * as v8 from "v8";
import { helpText, parseArgs, ParsedArgs } from "./args";
import {
  closeCommand,
  Io,
  keygenCommand,
  refuseInputsAsOutputs,
  reopenCommand,
  reportCommand,
  upgradeCommand,
  validateCommand,
  verifyCommand,
} from "./commands";
import { demoCommand } from "./demo";
import { newContractCommand, reviewCommand } from "./review";
import { packCommand } from "./pack";
import { stepsCommand } from "./steps";
import { experienceCommand } from "./experience";
import { ticketsCommand } from "./tickets";
import { resultsCommand } from "./results";
import { CliError, EXIT } from "./messages";
import * as fs from "fs";
import * as path from "path";

/**
 * The version of the installed package, from its package.json: two folders up from the
 * compiled build/cli/, one up from cli/ when run from source.
 */
export function packageVersion(): string {
  for (const dir of [path.join(__dirname, ".."), path.join(__dirname, "..", "..")]) {
    const file = path.join(dir, "package.json");
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (pkg.name === "sla-governance" && pkg.version) return pkg.version;
  }
  return "unknown";
}

const HANDLERS: Readonly<Record<string, (args: ParsedArgs, io: Io) => Promise<number>>> = {
  upgrade: upgradeCommand,
  validate: validateCommand,
  report: reportCommand,
  close: closeCommand,
  reopen: reopenCommand,
  verify: verifyCommand,
  tickets: ticketsCommand,
  results: resultsCommand,
  steps: stepsCommand,
  experience: experienceCommand,
  demo: demoCommand,
  keygen: keygenCommand,
  review: reviewCommand,
  "new-contract": newContractCommand,
  pack: packCommand,
};

/**
 * Runs one command line.
 * @param argv - The arguments after the program name.
 * @param io - Output streams and clock.
 * @returns The exit code.
 * @example await main(["verify", "book.xlsx", "--json"], io) // => 0 when intact
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      io.stdout(helpText(args.command) + "\n");
      return EXIT.ok;
    }
    if (args.command === "version") {
      io.stdout(`sla-governance ${packageVersion()}\n`);
      return EXIT.ok;
    }
    refuseInputsAsOutputs(args);
    return await HANDLERS[args.command](args, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(`sla-governance: ${e.message}\n`);
      return e.exitCode;
    }
    // An unexpected failure (most often an odd workbook ExcelJS cannot handle): still one line.
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`sla-governance: unexpected error: ${message.split("\n")[0]}\n`);
    return EXIT.usage;
  }
}

/**
 * How far the engine lets the heap grow past what it holds alive before it collects again, in
 * percent. V8 decides this itself (up to 300% when a program allocates fast, as reading ten
 * million events does), so a run whose live data is 250 MB reached 1.2 GB of memory; at 30% the
 * same run stays near its live size for the same CPU time (docs/performance.md).
 */
export const HEAP_GROWING_PERCENT = 30;

/**
 * Caps the heap's growth between collections for this process (the command line's own process,
 * and the benchmarks' children that stand for it; never a test runner's). Cost: a flag the
 * engine reads at each full collection.
 */
export function boundHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/** The process's own streams and clock; progress notes only when stderr is a terminal. */
export function processIo(): Io {
  const tty = Boolean(process.stderr.isTTY);
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    progress: tty ? (text) => process.stderr.write(`\u001b[2m${text}\u001b[0m\n`) : () => undefined,
    now: () => new Date(),
  };
}

/** Runs the process's command line and sets its exit code (used by bin/sla-governance.js). */
export function run(): Promise<void> {
  boundHeapGrowth();
  return main(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
