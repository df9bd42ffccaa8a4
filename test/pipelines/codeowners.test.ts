import * as fs from "fs";
import * as path from "path";
import { LAYERS, UPSTREAM } from "../../shared/layers";

const ROOT = path.resolve(__dirname, "..", "..");
const FILE = path.join(ROOT, ".github", "CODEOWNERS");

interface Rule {
  readonly line: number;
  readonly pattern: string;
  readonly owners: readonly string[];
  readonly matches: RegExp;
}

/**
 * A CODEOWNERS pattern as GitHub reads it (gitignore's rules, less `!`, `[ ]`
 * and `\#`): anchored at the root when it starts with or contains a `/`, else
 * matched at any depth; a trailing `/` owns everything under the folder; `*`
 * stays within a path segment, `**` crosses them.
 */
function patternRegExp(pattern: string): RegExp {
  const anchored = pattern.replace(/\/$/, "").includes("/");
  const body = pattern.replace(/^\//, "").replace(/\/$/, "");
  const re = body
    .split(/(\*\*|\*|\?)/)
    .map((part) => (part === "**" ? ".*" : part === "*" ? "[^/]*" : part === "?" ? "[^/]" : part.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`${anchored ? "^" : "^(?:.*/)?"}${re}${pattern.endsWith("/") ? "/.*" : "(?:/.*)?"}$`);
}

function readRules(): Rule[] {
  return fs
    .readFileSync(FILE, "utf8")
    .split("\n")
    .map((text, i) => ({ text: text.trim(), line: i + 1 }))
    .filter(({ text }) => text !== "" && !text.startsWith("#"))
    .map(({ text, line }) => {
      const [pattern, ...owners] = text.split(/\s+/);
      return { line, pattern, owners, matches: patternRegExp(pattern) };
    });
}

const rules = readRules();

/** The owners GitHub requests for a file: those of the last rule that matches it. */
function ownersOf(file: string): string[] {
  const rule = [...rules].reverse().find((r) => r.matches.test(file));
  return [...(rule?.owners ?? [])].sort();
}

/** Every file under a folder of the repository. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    return e.isDirectory() ? filesUnder(rel) : [rel];
  });
}

const core = ownersOf("README.md");
const team = Object.fromEntries(LAYERS.map((layer) => [layer, ownersOf(`stacks/${layer}/index.ts`)]));
/** The layers that read `layer`'s outputs. */
const readers = (layer: string) => LAYERS.filter((l) => (UPSTREAM[l] as readonly string[]).includes(layer));

describe("CODEOWNERS", () => {
  it("is .github/CODEOWNERS, the first place GitHub looks, and the only one", () => {
    expect(fs.existsSync(path.join(ROOT, "CODEOWNERS"))).toBe(false);
    expect(fs.existsSync(path.join(ROOT, "docs", "CODEOWNERS"))).toBe(false);
  });

  it("uses only the syntax GitHub supports: a pattern and at least one @handle on each line", () => {
    for (const rule of rules) {
      expect(rule.pattern).not.toMatch(/^!|\[|\\#/);
      expect(rule.owners.length).toBeGreaterThan(0);
      for (const owner of rule.owners) expect(owner).toMatch(/^@[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/);
    }
  });

  it("gives every file an owner: `*` comes first, and no later line owns everything", () => {
    expect(rules[0].pattern).toBe("*");
    expect(rules.slice(1).filter((r) => r.matches.test("any-file") && r.matches.test("a/b/c.ts"))).toEqual([]);
    expect(core).toHaveLength(1);
  });

  it("names only paths that exist (a literal pattern left behind by a move owns nothing)", () => {
    const stale = rules.filter((r) => !/[*?]/.test(r.pattern) && !fs.existsSync(path.join(ROOT, r.pattern)));
    expect(stale.map((r) => `${r.line}: ${r.pattern}`)).toEqual([]);
  });

  it("gives each layer's project, everything in it, to one team of its own", () => {
    expect(new Set(Object.values(team).map((t) => t.join())).size).toBe(LAYERS.length);
    for (const layer of LAYERS) {
      expect(team[layer]).toHaveLength(1);
      expect(team[layer]).not.toEqual(core);
      for (const file of filesUnder(`stacks/${layer}`)) expect([file, ownersOf(file)]).toEqual([file, team[layer]]);
    }
  });

  it("gives each layer's tests to the layer's team", () => {
    for (const layer of LAYERS) {
      const tests = [
        ...filesUnder("test/stacks").filter((f) => path.basename(f).startsWith(`${layer}.`)),
        `test/components/${layer}.test.ts`,
        `test/shared/${layer}Config.test.ts`,
      ].filter((f) => fs.existsSync(path.join(ROOT, f)));
      expect(tests.length).toBeGreaterThan(0);
      for (const file of tests) expect([file, ownersOf(file)]).toEqual([file, team[layer]]);
    }
  });

  it.each([...LAYERS])("owns the %s contract by the teams of the layers that read it (UPSTREAM), not by its producer", (layer) => {
    const owners = ownersOf(`shared/contracts/${layer}.ts`);
    const reading = readers(layer);
    if (reading.length === 0) {
      expect(owners).toEqual(team[layer]);
      return;
    }
    expect(owners).toEqual(reading.flatMap((l) => team[l]).sort());
    expect(owners).not.toContain(team[layer][0]);
  });

  it("leaves the contracts' shared machinery to the platform team", () => {
    expect(ownersOf("shared/contracts/contract.ts")).toEqual(core);
    expect(ownersOf("shared/contracts/index.ts")).toEqual(core);
  });

  it("gives each layer's config keys to its team and the rest of shared/config to the platform team", () => {
    const byFile: Record<string, string[]> = {
      "network.ts": team.network,
      "data.ts": team.data,
      "cache.ts": team.data,
      "backupCheck.ts": team.data,
      "edge.ts": team.edge,
      "compute.ts": team.compute,
    };
    for (const file of filesUnder("shared/config")) expect([file, ownersOf(file)]).toEqual([file, byFile[path.basename(file)] ?? core]);
  });

  it("keeps the pipelines, CI, the dependencies and itself with the platform team", () => {
    for (const file of [...filesUnder(".github"), ".ci/run", "package.json", "package-lock.json"])
      expect([file, ownersOf(file)]).toEqual([file, core]);
  });

  it("lets the platform or the API team approve a stack's settings (a release changes platform:imageTag there)", () => {
    for (const file of filesUnder("stacks").filter((f) => /^stacks\/Pulumi\.[^/]+\.yaml$/.test(f)))
      expect([file, ownersOf(file)]).toEqual([file, [...core, ...team.compute].sort()]);
  });

  it("uses only the handles the operator's guide lists under Teams and pipelines", () => {
    const guide = fs.readFileSync(path.join(ROOT, "docs", "operators-guide.md"), "utf8");
    const start = guide.indexOf("\n## Teams and pipelines\n");
    expect(start).toBeGreaterThan(0);
    const section = guide.slice(start);
    for (const handle of new Set(rules.flatMap((r) => r.owners)))
      expect([handle, section.includes(`\`${handle}\``)]).toEqual([handle, true]);
  });
});

describe("the CODEOWNERS pattern reader of this test", () => {
  it("follows GitHub's rules for anchors, folders and wildcards", () => {
    expect(patternRegExp("*").test("a/b.ts")).toBe(true);
    expect(patternRegExp("/stacks/network/").test("stacks/network/vpc/x.ts")).toBe(true);
    expect(patternRegExp("/stacks/network/").test("stacks/networking/x.ts")).toBe(false);
    expect(patternRegExp("/stacks/network/").test("x/stacks/network/a.ts")).toBe(false);
    expect(patternRegExp("docs/").test("a/docs/b.md")).toBe(true);
    expect(patternRegExp("/test/stacks/data.*").test("test/stacks/data.postgres.test.ts")).toBe(true);
    expect(patternRegExp("/test/stacks/data.*").test("test/stacks/database.test.ts")).toBe(false);
    expect(patternRegExp("/stacks/Pulumi.*.yaml").test("stacks/Pulumi.orders-dev.yaml")).toBe(true);
    expect(patternRegExp("/stacks/Pulumi.*.yaml").test("stacks/network/Pulumi.yaml")).toBe(false);
    expect(patternRegExp("/docs/**/*.md").test("docs/a/b/c.md")).toBe(true);
  });
});
