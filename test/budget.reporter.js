// Fails the run when a test file takes longer than its budget, unless it is
// listed in test/slow-files.json with its own budget and the reason, so the
// suite cannot drift back to slow without anyone deciding it. A budget is
// wall seconds of one file under coverage on the 2-core development machine:
// the slowest listed-as-fast file takes about 3 s warm and 7 s with a cold
// transform cache (a fresh clone), so 10 s leaves room for a noisy machine.
const path = require("path");

const BUDGET_SECONDS = 10;
const KNOWN_SLOW = require("./slow-files.json");

class BudgetReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.error = undefined;
  }

  onRunComplete(_contexts, results) {
    const over = [];
    for (const file of results.testResults) {
      const name = path.relative(this.rootDir, file.testFilePath);
      const budget = KNOWN_SLOW[name]?.budgetSeconds ?? BUDGET_SECONDS;
      const seconds = (file.perfStats.end - file.perfStats.start) / 1000;
      if (seconds > budget) over.push(`${name} took ${seconds.toFixed(1)} s, over its budget of ${budget} s`);
    }
    if (over.length > 0) {
      this.error = new Error(`test files over their time budget:\n  ${over.join("\n  ")}\nmake them faster, or list them in test/slow-files.json with a budget and the reason`);
      process.stderr.write(`\n${this.error.message}\n`);
    }
  }

  getLastError() {
    return this.error;
  }
}

module.exports = BudgetReporter;
