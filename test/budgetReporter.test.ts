import * as fs from "fs";
import * as path from "path";

interface Reporter {
  dir: string;
  onRunComplete(): void;
  getLastError(): Error | undefined;
}
const BudgetReporter = require("./budget.reporter.js") as new (config: { rootDir: string }) => Reporter;

describe("the time budget of a test file", () => {
  const env = process.env.PLATFORM_TEST_CPU_DIR;
  afterEach(() => {
    process.env.PLATFORM_TEST_CPU_DIR = env;
    jest.restoreAllMocks();
  });
  const reportOf = (files: Record<string, number>) => {
    jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    const root = path.resolve(__dirname, "..");
    const reporter = new BudgetReporter({ rootDir: root });
    Object.entries(files).forEach(([name, cpuSeconds], i) =>
      fs.writeFileSync(path.join(reporter.dir, `${i}.json`), JSON.stringify({ testPath: path.join(root, name), cpuSeconds })),
    );
    reporter.onRunComplete();
    expect(fs.existsSync(reporter.dir)).toBe(false);
    return reporter.getLastError();
  };

  it("fails the run naming each file over the CPU budget and what to do", () => {
    expect(reportOf({ "test/a.test.ts": 10.5, "test/b.test.ts": 3 })?.message).toBe(
      "test files over their CPU budget:\n  test/a.test.ts used 10.5 CPU seconds, over its budget of 10\nmake them faster, or list them in test/slow-files.json with a budget and the reason",
    );
  });

  it("passes a run whose files all stay within it", () => {
    expect(reportOf({ "test/a.test.ts": 9.9 })).toBeUndefined();
  });
});
