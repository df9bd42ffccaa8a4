// Validates GitHub Actions workflow files offline with GitHub's own parser,
// @actions/workflow-parser (the parser of the Actions language service): the
// workflow schema (every key, its type and where it may appear), expressions
// and the contexts each key may use, `needs` naming existing jobs without a
// cycle, and each call of a local reusable workflow against that workflow's
// inputs and secrets.
//
//   node test/pipelines/validate-workflows.mjs [FILE...]    (default: .github/workflows/*.yml)
//
// Prints {"<file>": ["<error>", ...]} as JSON; exits 1 when any file has an error.
//
// A separate Node process, because the package is ECMAScript modules only
// (jest runs the suite as CommonJS), and it imports its JSON schema without
// the import attribute Node requires: the hook below adds `type: "json"`.
import * as fs from "node:fs";
import { register } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const hook = `export async function load(url, context, next) {
  if (url.endsWith(".json")) return next(url, { ...context, importAttributes: { ...context.importAttributes, type: "json" } });
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
const { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } = await import("@actions/workflow-parser");

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Local reusable workflows (`uses: ./.github/workflows/x.yml`) read from the repository. */
const localFiles = {
  async getFileContent(ref) {
    if (ref.repository !== undefined) throw new Error(`a remote reusable workflow (${ref.owner}/${ref.repository}) cannot be read offline`);
    const file = path.join(ROOT, ref.path);
    return { name: ref.path, content: fs.readFileSync(file, "utf8") };
  },
};

/** Every error GitHub's parser reports for one workflow file. */
async function validate(file) {
  const relative = path.relative(ROOT, path.resolve(file));
  const name = relative.startsWith("..") ? file : relative;
  const parsed = parseWorkflow({ name, content: fs.readFileSync(file, "utf8") }, new NoOperationTraceWriter());
  if (parsed.value === undefined) return parsed.context.errors.getErrors().map((e) => e.message);
  const template = await convertWorkflowTemplate(parsed.context, parsed.value, localFiles, { fetchReusableWorkflowDepth: 1 });
  return (template.errors ?? []).map((e) => e.Message);
}

const dir = path.join(ROOT, ".github", "workflows");
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : fs
        .readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => path.join(dir, f));
const result = {};
for (const file of files) result[file] = await validate(file);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
process.exitCode = Object.values(result).some((errors) => errors.length > 0) ? 1 : 0;
