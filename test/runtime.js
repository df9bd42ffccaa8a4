// Jest's module runtime with the SDK parts a plan never uses loaded on first
// use, as `node -r ./shared/register.js` does for the commands: the same
// table (shared/plan/lazySdk.ts, LAZY_PARTS), matched on the same request
// and requesting file. Jest's own loader is slower than Node's, so this saves
// more here: most test files load the SDKs.
require("../shared/register");
const Runtime = require("jest-runtime").default;
const { isLazyPart, lazyModule } = require("../shared/plan/lazySdk");

class LazySdkRuntime extends Runtime {
  requireModuleOrMock(from, moduleName) {
    if (!isLazyPart(moduleName, from)) return super.requireModuleOrMock(from, moduleName);
    return lazyModule(() => super.requireModuleOrMock(from, moduleName));
  }
}

module.exports = LazySdkRuntime;
