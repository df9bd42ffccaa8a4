// Each test file's CPU time in its worker, for test/budget.reporter.js: CPU
// rather than wall time, so that a busy machine (ESLint and tsc beside jest,
// a shared host) does not make a file look slow. Set up per file, before the
// file's own imports, which are part of its cost.
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

const dir = process.env.PLATFORM_TEST_CPU_DIR;
const start = process.cpuUsage();

afterAll(() => {
  if (dir === undefined) return;
  const testPath = expect.getState().testPath ?? "";
  const used = process.cpuUsage(start);
  const file = path.join(dir, `${createHash("sha1").update(testPath).digest("hex")}.json`);
  fs.writeFileSync(file, JSON.stringify({ testPath, cpuSeconds: (used.user + used.system) / 1e6 }));
});
