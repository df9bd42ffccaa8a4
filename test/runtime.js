// Jest's module runtime, with three changes that make a test file cheaper and
// check nothing less:
// - The SDK parts a plan never uses load on first use, as `node -r
//   ./shared/register.js` does for the commands: the same table
//   (shared/plan/lazySdk.ts, LAZY_PARTS), matched on the same request and
//   requesting file.
// - Stack traces are not mapped through the transform's source maps: sucrase
//   keeps every line where it was (shared/transpile.js), so a trace names the
//   right file and line; only its columns are those of the transpiled code.
//   Coverage does not use this registry: it maps through the maps that
//   istanbul keeps in the coverage data.
// - A test file's coverage is copied out of its context with the platform's
//   structured clone instead of jest's recursive copy (the counters of every
//   file it loaded, after each test file).
require("../shared/register");
const Runtime = require("jest-runtime").default;
const { isLazyPart, lazyModule } = require("../shared/plan/lazySdk");

const NO_SOURCE_MAPS = new Map();

class PlatformRuntime extends Runtime {
  requireModuleOrMock(from, moduleName) {
    if (!isLazyPart(moduleName, from)) return super.requireModuleOrMock(from, moduleName);
    return lazyModule(() => super.requireModuleOrMock(from, moduleName));
  }

  getSourceMaps() {
    return NO_SOURCE_MAPS;
  }

  getAllCoverageInfoCopy() {
    const coverage = this._environment.global.__coverage__;
    return coverage === undefined ? undefined : structuredClone(coverage);
  }
}

module.exports = PlatformRuntime;
