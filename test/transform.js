// Jest's transform: the offline commands' transpiler (shared/transpile.js). Jest caches by the
// key, which must change with instrumentation (coverage) or a covered run would reuse plain code.
const { cacheKey, transpile } = require("../shared/transpile");

module.exports = {
  process: (source, filePath) => transpile(source, filePath, true),
  getCacheKey: (source, filePath, options) => `${cacheKey(source, filePath)}${options.instrument ? ":instrumented" : ""}`,
};
