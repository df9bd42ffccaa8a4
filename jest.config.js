/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  collectCoverageFrom: ["shared/**/*.ts", "stacks/**/*.ts", "!shared/plan/cli.ts", "!shared/routes/cli.ts", "!shared/plan/bench.ts", "!shared/config/docs-cli.ts"],
  coverageReporters: ["text-summary", "json-summary"],
  coverageThreshold: { global: { lines: 100, statements: 100, functions: 100, branches: 90 } },
  globalSetup: "<rootDir>/test/globalSetup.ts",
  testTimeout: 30000,
};
