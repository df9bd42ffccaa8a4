// TypeScript to CommonJS with the types stripped, the one transpiler of the
// offline commands (shared/register.js) and of jest (test/transform.js).
// Sucrase keeps every line where it was, so stack traces need no source map.
// It checks no types: `npm run typecheck` (tsc) checks every file once.
const crypto = require("crypto");
const { transform } = require("sucrase");

const OPTIONS = { transforms: ["typescript", "imports"], disableESTransforms: true, production: true };
const VERSION = require("sucrase/package.json").version;

/** A key that changes with the source, its path, the options and sucrase's version. */
function cacheKey(source, filePath) {
  return crypto
    .createHash("sha256")
    .update(`${VERSION}\0${JSON.stringify(OPTIONS)}\0${filePath}\0${source}`)
    .digest("hex");
}

/** The CommonJS of one file, with a source map when asked (jest's coverage maps through it). */
function transpile(source, filePath, withSourceMap) {
  const out = transform(source, { ...OPTIONS, filePath, ...(withSourceMap ? { sourceMapOptions: { compiledFilename: filePath } } : {}) });
  return { code: out.code, map: out.sourceMap };
}

module.exports = { cacheKey, transpile };
