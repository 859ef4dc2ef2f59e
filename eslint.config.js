// Lint: eslint-plugin-office-addins' recommended rules (Office.js pitfalls such as
// context.sync() in a loop, reads before load), which bring typescript-eslint and prettier.
const officeAddins = require("eslint-plugin-office-addins");
const tsParser = require("@typescript-eslint/parser");

module.exports = [
  { ignores: ["dist/", "build/", "node_modules/", "coverage/", "test/artifacts/", "demo/out/"] },
  ...officeAddins.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: { parser: tsParser, ecmaVersion: 2022, sourceType: "module" },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // The TypeScript compiler checks names; this rule does not know ambient types.
      "no-undef": "off",
    },
  },
  {
    // Custom-function signatures must say `any` so Excel hands over raw cells for our own coercion.
    files: ["functions/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Workbook text is shown with textContent only.
    files: ["taskpane/**/*.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "Use textContent: workbook text is never HTML." },
        { property: "outerHTML", message: "Use textContent: workbook text is never HTML." },
        { property: "insertAdjacentHTML", message: "Use textContent: workbook text is never HTML." },
      ],
    },
  },
  {
    files: ["**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off", "no-undef": "off" },
  },
];
