import * as fs from "fs";
import * as path from "path";
import { parseDeployArgs, selectLayers, COMMANDS, Command } from "../../shared/deploy/args";
import { parseCostArgs } from "../../shared/cost/command";
import { parsePlanArgs } from "../../shared/plan/cli-args";
import { committedStacks } from "../../shared/plan/runner";

const ROOT = path.resolve(__dirname, "..", "..");
const DOCS = [
  "README.md",
  ...fs.readdirSync(path.join(ROOT, "docs")).map((f) => `docs/${f}`),
  "shared/policy/README.md",
  "shared/cost/README.md",
];
const SCRIPTS = Object.keys(
  (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts,
);

/** Placeholders the guides use, replaced by a value the command accepts. */
const PLACEHOLDERS: Readonly<Record<string, string>> = { "<stack>": "orders-dev", "<layer>": "compute" };

/** Every `npm run <script> -- <args>` in inline code or a code block of the docs, with its file. */
function documentedRuns(): { file: string; script: string; args: string[] }[] {
  const runs: { file: string; script: string; args: string[] }[] = [];
  for (const file of DOCS) {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    for (const match of text.matchAll(/npm run (?:-s )?([a-z:-]+)((?: -- [^`\n#]*)?)/g)) {
      const args = match[2]
        .replace(/^ -- /, "")
        .trim()
        .split(/\s+/)
        .filter((a) => a !== "")
        .map((a) => PLACEHOLDERS[a] ?? a.replace(/^'(.*)'$/, "$1"));
      runs.push({ file, script: match[1], args });
    }
  }
  return runs;
}

describe("the commands the operator's guide and the guardrail READMEs show", () => {
  const runs = documentedRuns();

  /** Runnable examples: with arguments, and no `[optional]` or `<placeholder>` left (those are usage lines). */
  const runnable = (script: (s: string) => boolean) =>
    runs.filter((r) => script(r.script) && r.args.length > 0 && !r.args.some((a) => a.startsWith("[") || a.startsWith("<")));

  it("include every deploy-tool command, the plan and the cost command", () => {
    expect([...COMMANDS, "plan", "cost"].filter((c) => !runs.some((r) => r.script === c))).toEqual([]);
  });

  it("are npm scripts of package.json", () => {
    expect(runs.filter((r) => !SCRIPTS.includes(r.script)).map((r) => `${r.file}: npm run ${r.script}`)).toEqual([]);
  });

  it("pass the deploy tool's argument parser with the flags as written, on a committed stack", () => {
    const deployRuns = runnable((s) => (COMMANDS as readonly string[]).includes(s));
    expect(deployRuns.length).toBeGreaterThan(15);
    for (const r of deployRuns) {
      const parsed = parseDeployArgs([r.script as Command, ...r.args]);
      expect(committedStacks()).toContain(parsed.stack);
      expect(selectLayers(parsed).length).toBeGreaterThan(0);
    }
  });

  it("pass the plan's argument parser, with every --set a key=value", () => {
    const planRuns = runnable((s) => s === "plan");
    expect(planRuns.length).toBeGreaterThan(3);
    for (const r of planRuns) expect(committedStacks()).toContain(parsePlanArgs(r.args).stack);
  });

  it("pass the cost command's argument parser", () => {
    const costRuns = runnable((s) => s === "cost");
    expect(costRuns.length).toBeGreaterThan(0);
    for (const r of costRuns) expect(parseCostArgs(r.args).files.length).toBeGreaterThan(0);
  });
});
