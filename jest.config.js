/** Options both projects share: types stripped by sucrase, the SDK parts a plan never uses loaded on first use. */
const common = {
  testEnvironment: "node",
  setupFilesAfterEnv: ["<rootDir>/test/cpuClock.ts"],
  transform: { "^.+\\.ts$": "<rootDir>/test/transform.js" },
  // The SDK parts a plan never uses, loaded on first use (shared/plan/lazySdk.ts, LAZY_PARTS).
  runtime: "<rootDir>/test/runtime.js",
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    // In-process tests; the plans of the committed stacks are computed once (globalSetup) and shared.
    {
      ...common,
      displayName: "fast",
      roots: ["<rootDir>/test"],
      testMatch: ["**/*.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/slow/"],
      globalSetup: "<rootDir>/test/globalSetup.ts",
    },
    // Slow by nature: the repository's commands in child Node processes. They run beside the fast ones.
    { ...common, displayName: "slow", roots: ["<rootDir>/test/slow"], testMatch: ["**/*.test.ts"] },
  ],
  reporters: ["default", "<rootDir>/test/budget.reporter.js"],
  collectCoverageFrom: [
    "shared/**/*.ts",
    "stacks/**/*.ts",
    "!shared/plan/cli.ts",
    "!shared/routes/cli.ts",
    "!shared/plan/bench.ts",
    "!shared/config/docs-cli.ts",
  ],
  coverageReporters: ["text-summary", "json-summary"],
  coverageThreshold: { global: { lines: 100, statements: 100, functions: 100, branches: 90 } },
  testTimeout: 30000,
};
