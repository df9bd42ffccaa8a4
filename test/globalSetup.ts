import type { Config } from "@jest/types";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Where the global setup leaves the plans of the committed stacks for the test files. */
export const PLAN_CACHE_ENV = "PLATFORM_TEST_PLAN_CACHE";

/** Every TypeScript file of the folders, recursively. */
function typescriptFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? typescriptFiles(full) : entry.name.endsWith(".ts") ? [full] : [];
  });
}

/**
 * Transforms (and, under coverage, instruments) every TypeScript file of the
 * repository once into jest's cache before the workers start. On a cold
 * cache (a fresh clone, CI) both workers would otherwise transform the same
 * files at the same time as they load them: about 10 CPU seconds of 70.
 */
async function warmTransformCache(globalConfig: Config.GlobalConfig, projectConfig: Config.ProjectConfig): Promise<void> {
  const { createScriptTransformer } = await import("@jest/transform");
  const transformer = await createScriptTransformer(projectConfig);
  const options = {
    collectCoverage: globalConfig.collectCoverage,
    collectCoverageFrom: globalConfig.collectCoverageFrom,
    coverageProvider: globalConfig.coverageProvider,
    isInternalModule: false,
    supportsDynamicImport: true,
    supportsExportNamespaceFrom: false,
    supportsStaticESM: false,
    supportsTopLevelAwait: false,
  };
  for (const file of ["shared", "stacks", "test"].flatMap((dir) => typescriptFiles(path.join(projectConfig.rootDir, dir)))) {
    transformer.transform(file, options);
  }
}

/**
 * Warms jest's transform cache, then plans every committed stack once per
 * test run, so the test files that read the plain committed plans do not
 * each run all four layers again. Workers inherit the plans' folder through
 * the environment.
 */
export default async function globalSetup(globalConfig: Config.GlobalConfig, projectConfig: Config.ProjectConfig): Promise<void> {
  await warmTransformCache(globalConfig, projectConfig);
  const { committedStacks, runPlan } = await import("../shared/plan/runner");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-plans-"));
  for (const stack of committedStacks()) {
    fs.writeFileSync(path.join(dir, `${stack}.json`), JSON.stringify(await runPlan({ stack })));
  }
  process.env[PLAN_CACHE_ENV] = dir;
}
