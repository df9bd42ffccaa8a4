import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Where the global setup leaves the plans of the committed stacks for the test files. */
export const PLAN_CACHE_ENV = "PLATFORM_TEST_PLAN_CACHE";

/**
 * Plans every committed stack once per test run, so the test files that read
 * the plain committed plans do not each run all four layers again. Workers
 * inherit the cache folder through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const { committedStacks, runPlan } = await import("../shared/plan/runner");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-plans-"));
  for (const stack of committedStacks()) {
    fs.writeFileSync(path.join(dir, `${stack}.json`), JSON.stringify(await runPlan({ stack })));
  }
  process.env[PLAN_CACHE_ENV] = dir;
}
