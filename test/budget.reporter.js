// Fails the run when a test file uses more CPU than its budget, unless
// test/slow-files.json lists it with its own budget and the reason, so the
// suite cannot drift back to slow without anyone deciding it. The figure is
// the CPU seconds of the file's worker while it ran (test/cpuClock.ts), not
// wall time, which a busy machine stretches. On the 2-core development
// machine the heaviest file uses about 4 to 5.5 CPU seconds, warm or cold
// (test/globalSetup.ts fills jest's transform cache first), so 10 leaves
// room; the slow project's child processes are not counted at all.
const fs = require("fs");
const os = require("os");
const path = require("path");

const BUDGET_CPU_SECONDS = 10;
const KNOWN_SLOW = require("./slow-files.json");

class BudgetReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-test-cpu-"));
    process.env.PLATFORM_TEST_CPU_DIR = this.dir;
    this.error = undefined;
  }

  onRunComplete() {
    const files = fs.readdirSync(this.dir).map((entry) => JSON.parse(fs.readFileSync(path.join(this.dir, entry), "utf8")));
    fs.rmSync(this.dir, { recursive: true, force: true });
    const over = [];
    for (const { testPath, cpuSeconds } of files) {
      const name = path.relative(this.rootDir, testPath);
      const budget = KNOWN_SLOW[name]?.cpuSeconds ?? BUDGET_CPU_SECONDS;
      if (cpuSeconds > budget) over.push(`${name} used ${cpuSeconds.toFixed(1)} CPU seconds, over its budget of ${budget}`);
    }
    const heaviest = [...files].sort((a, b) => b.cpuSeconds - a.cpuSeconds).slice(0, 3);
    process.stderr.write(
      `heaviest test files (CPU s, budget ${BUDGET_CPU_SECONDS}): ${heaviest.map((f) => `${path.relative(this.rootDir, f.testPath)} ${f.cpuSeconds.toFixed(1)}`).join(", ")}\n`,
    );
    if (over.length > 0) {
      this.error = new Error(
        `test files over their CPU budget:\n  ${over.join("\n  ")}\nmake them faster, or list them in test/slow-files.json with a budget and the reason`,
      );
      process.stderr.write(`\n${this.error.message}\n`);
    }
  }

  getLastError() {
    return this.error;
  }
}

module.exports = BudgetReporter;
