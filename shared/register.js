// Preload of the repository's commands (`node -r ./shared/register.js <entry>.ts`:
// npm run plan, routes, cost, docs, bench and the deploy commands): every .ts
// file transpiled by shared/transpile.js, the result kept in
// node_modules/.cache/platform-ts by a hash of its source (a warm run skips
// the transpiler), then the SDK parts a plan never uses loaded on first use
// (shared/plan/lazySdk.ts; a deployment that needs one loads it then).
const fs = require("fs");
const path = require("path");
const { addHook } = require("pirates");
const { cacheKey, transpile } = require("./transpile");

const CACHE = path.resolve(__dirname, "..", "node_modules", ".cache", "platform-ts");

function compile(source, filePath) {
  const file = path.join(CACHE, `${cacheKey(source, filePath)}.js`);
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    const { code } = transpile(source, filePath, false);
    try {
      fs.mkdirSync(CACHE, { recursive: true });
      fs.writeFileSync(`${file}.${process.pid}`, code);
      fs.renameSync(`${file}.${process.pid}`, file);
    } catch {
      // A read-only tree still runs, only without the cache.
    }
    return code;
  }
}

addHook(compile, { exts: [".ts"], ignoreNodeModules: true });
require("./plan/lazySdk").installLazySdk();
