import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { changesCommand, CHANGES_USAGE, errorText, parseChangesArgs } from "../../shared/changes/command";
import type { ChangeReport } from "../../shared/changes/format";
import { ChangesError, failureCause, linkPackages } from "../../shared/changes/sides";
import { runEntry } from "../fixtures/entry";
import { layerPlan, resource, sideOf } from "./plans";

/**
 * A stand-in for the plan command of a checkout (`shared/plan/cli.ts`, plain
 * JavaScript): it copies the checkout's `plan.json` to `--out`, or fails as
 * `mode.txt` says, and logs where it ran and which packages it saw.
 */
const FAKE_PLAN_CLI = `
const fs = require("fs");
const args = process.argv.slice(2);
const out = args[args.indexOf("--out") + 1];
const mode = fs.readFileSync("mode.txt", "utf8").trim();
fs.appendFileSync(process.env.CHANGES_TEST_LOG, JSON.stringify({
  cwd: process.cwd(), stack: args[args.indexOf("--stack") + 1],
  packages: fs.existsSync("node_modules/pkg/index.js"), cache: fs.existsSync("node_modules/.cache"),
}) + "\\n");
if (mode === "fail") { process.stderr.write('plan failed: platform:vpcCidr is "10.0.0.0/8"; expected a /16 to /22 block\\n'); process.exit(1); }
fs.writeFileSync(out, fs.readFileSync("plan.json", "utf8"));
if (mode === "violation") { process.stderr.write("plan failed: 1 mandatory policy violation\\n"); process.exit(1); }
`;

const planOf = (image: string) =>
  sideOf([
    layerPlan("network", [resource("network", "aws:ec2/securityGroup:SecurityGroup", "net-alb", { name: "alb" })]),
    layerPlan("compute", [
      resource("compute", "aws:ecs/taskDefinition:TaskDefinition", "api-task", {
        containerDefinitions: JSON.stringify([{ image: `repo:${image}` }]),
      }),
    ]),
  ]);

function write(dir: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}
const git = (dir: string, ...args: string[]) =>
  execFileSync("git", ["-C", dir, "-c", "user.name=test", "-c", "user.email=test@example.com", ...args], { encoding: "utf8" }).trim();

/** A repository whose HEAD plans image 1.0.0 in mode `mode`, with a package and a transpile cache in node_modules. */
function repository(mode = "ok", extra: Record<string, string> = { "package-lock.json": "{}\n" }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "changes-repo-"));
  const files = {
    "shared/register.js": "",
    "shared/plan/cli.ts": FAKE_PLAN_CLI,
    "plan.json": JSON.stringify(planOf("1.0.0")),
    "mode.txt": mode,
    ".gitignore": "node_modules/\n",
    ...extra,
  };
  for (const [file, text] of Object.entries(files)) write(dir, file, text);
  write(dir, "node_modules/pkg/index.js", "module.exports = 1;\n");
  write(dir, "node_modules/.cache/platform-ts/x.js", "");
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "base");
  return dir;
}

const LOG = path.join(os.tmpdir(), `changes-test-log-${process.pid}.jsonl`);
const runs = () =>
  fs
    .readFileSync(LOG, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { cwd: string; stack: string; packages: boolean; cache: boolean });
const worktrees = (dir: string) =>
  git(dir, "worktree", "list", "--porcelain")
    .split("\n")
    .filter((l) => l.startsWith("worktree ")).length;

describe("the changes command against a repository", () => {
  const made: string[] = [];
  const repo = (mode?: string, extra?: Record<string, string>) => {
    const dir = repository(mode, extra);
    made.push(dir);
    return dir;
  };
  beforeEach(() => {
    process.env.CHANGES_TEST_LOG = LOG;
    fs.rmSync(LOG, { force: true });
  });
  afterAll(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(LOG, { force: true });
    delete process.env.CHANGES_TEST_LOG;
  });

  it("plans the base in a temporary worktree with the packages but not the cache, and the working tree in place, then removes the worktree", async () => {
    const dir = repo();
    write(dir, "plan.json", JSON.stringify(planOf("1.0.1")));
    const result = await changesCommand(["--stack", "shop-dev", "--base", "HEAD"], path.join(dir, "shared"));
    expect(result).toMatchObject({ stderr: "", exitCode: 0 });
    const head = git(dir, "rev-parse", "HEAD");
    expect(result.stdout).toContain(
      `changes of stack shop-dev: base HEAD (${head.slice(0, 12)}) -> working tree\nlayers to deploy, in order: compute\n`,
    );
    expect(result.stdout).toContain(
      "   replace  aws:ecs/taskDefinition:TaskDefinition  api-task  (containerDefinitions forces a new resource)\n",
    );
    expect(result.stdout).toContain("== network (platform-network/shop-dev): no change\n");
    expect(result.stdout).not.toContain("note:");
    const [base, working] = [runs().find((r) => r.cwd !== dir), runs().find((r) => r.cwd === dir)];
    expect(base).toMatchObject({ stack: "shop-dev", packages: true, cache: false });
    expect(base?.cwd).toMatch(/platform-changes-[^/]+\/base$/);
    expect(working).toMatchObject({ stack: "shop-dev", packages: true, cache: true });
    expect(fs.existsSync(path.dirname(base?.cwd as string))).toBe(false);
    expect(worktrees(dir)).toBe(1);
  });

  it("prints the comparison as one JSON object with --json, and notes a different lockfile and each side's reported failures", async () => {
    const dir = repo("violation");
    write(dir, "package-lock.json", '{ "lockfileVersion": 3 }\n');
    const json = await changesCommand(["--stack", "shop-dev", "--base", "HEAD", "--json"], dir);
    expect(json.exitCode).toBe(0);
    const report = JSON.parse(json.stdout) as ChangeReport;
    expect(Object.keys(report).slice(0, 4)).toEqual(["stack", "base", "head", "notes"]);
    expect(report.base).toEqual({ ref: "HEAD", commit: git(dir, "rev-parse", "HEAD") });
    expect(report.notes).toEqual([
      "the base's package-lock.json differs from the working tree's; the base was planned with the working tree's node_modules",
      "the base's plan reports: 1 mandatory policy violation",
      "the working tree's plan reports: 1 mandatory policy violation",
    ]);
    expect(report.layers.map((l) => [l.layer, l.resources.length])).toEqual([
      ["network", 0],
      ["compute", 0],
    ]);
    const unlocked = repo("ok", {});
    write(unlocked, "package-lock.json", "{}\n");
    const text = await changesCommand(["--stack", "shop-dev", "--base", "HEAD"], unlocked);
    expect(text.stdout).toContain("\nnote: the base's package-lock.json differs from the working tree's;");
    const neither = await changesCommand(["--stack", "shop-dev", "--base", "HEAD"], repo("ok", {}));
    expect(neither.stdout).not.toContain("note:");
  });

  it("fails with one line naming the side and the cause when a side's plan is not written, and removes the worktree", async () => {
    const broken = repo();
    write(broken, "mode.txt", "fail");
    const head = await changesCommand(["--stack", "shop-dev", "--base", "HEAD"], broken);
    expect(head).toEqual({
      stdout: "",
      stderr: 'changes failed: planning the working tree failed: platform:vpcCidr is "10.0.0.0/8"; expected a /16 to /22 block\n',
      exitCode: 1,
    });
    expect(worktrees(broken)).toBe(1);
    const old = repo("fail");
    write(old, "mode.txt", "ok");
    const commit = git(old, "rev-parse", "HEAD").slice(0, 12);
    expect((await changesCommand(["--stack", "shop-dev", "--base", "HEAD"], old)).stderr).toBe(
      `changes failed: planning the base (HEAD, ${commit}) failed: platform:vpcCidr is "10.0.0.0/8"; expected a /16 to /22 block\n`,
    );
    expect(worktrees(old)).toBe(1);
    const bare = repo();
    fs.rmSync(path.join(bare, "node_modules"), { recursive: true });
    expect((await changesCommand(["--stack", "shop-dev", "--base", "HEAD"], bare)).stderr).toBe(
      `changes failed: ${path.join(bare, "node_modules")} does not exist: run npm ci first\n`,
    );
    expect(worktrees(bare)).toBe(1);
  });

  it("says why a plan command failed: its own line, else its last line, else its exit code", () => {
    expect(failureCause({ code: 1, stderr: 'noise\nplan failed: no settings for stack "x"\n' })).toBe('no settings for stack "x"');
    expect(failureCause({ code: 1, stderr: "TypeError: boom\n    at main (cli.ts:1:1)\n" })).toBe("at main (cli.ts:1:1)");
    expect(failureCause({ code: 3, stderr: "" })).toBe("the plan command exited with code 3 and said nothing");
  });

  it("refuses a ref that names no commit, a folder outside a repository, and a command line it does not take", async () => {
    const dir = repo();
    expect((await changesCommand(["--stack", "shop-dev", "--base", "no-such-ref"], dir)).stderr).toBe(
      `changes failed: --base no-such-ref names no commit of ${fs.realpathSync(dir)}\n`,
    );
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "changes-outside-"));
    made.push(outside);
    expect((await changesCommand(["--stack", "shop-dev", "--base", "HEAD"], outside)).stderr).toMatch(
      /^changes failed: git rev-parse failed: fatal: not a git repository/,
    );
    expect((await changesCommand(["--base", "HEAD"], dir)).stderr).toBe(`changes failed: --stack is required; ${CHANGES_USAGE}\n`);
    expect(() => parseChangesArgs(["--stack", "s"])).toThrow(new ChangesError(`--base is required; ${CHANGES_USAGE}`));
    expect(() => parseChangesArgs(["--stack", "s", "--base", "b", "--out", "x"])).toThrow(`unexpected argument "--out"; ${CHANGES_USAGE}`);
    expect(parseChangesArgs(["--stack", "s", "--base", "main"])).toEqual({ stack: "s", base: "main", json: false });
  });

  it("links a checkout's packages entry by entry, leaving out the transpile cache", () => {
    const dir = repo();
    const target = fs.mkdtempSync(path.join(os.tmpdir(), "changes-link-"));
    made.push(target);
    linkPackages(dir, target);
    expect(fs.readdirSync(path.join(target, "node_modules"))).toEqual(["pkg"]);
    expect(fs.realpathSync(path.join(target, "node_modules/pkg"))).toBe(fs.realpathSync(path.join(dir, "node_modules/pkg")));
  });

  it("reports its own errors by their message and anything unexpected with its stack trace", () => {
    expect(errorText(new ChangesError("no settings"))).toBe("no settings");
    const unexpected = new TypeError("disk on fire");
    expect(errorText(unexpected)).toBe(unexpected.stack);
    const bare = new Error("bare");
    bare.stack = undefined;
    expect(errorText(bare)).toBe("bare");
    expect(errorText("text")).toBe("text");
  });

  it("sets the exit code and writes the result when run as the entry point", async () => {
    const run = await runEntry(() => require("../../shared/changes/cli"), ["--stack", "orders-dev"]);
    expect(run).toEqual({ exitCode: 1, stderr: `changes failed: --base is required; ${CHANGES_USAGE}\n` });
  });
});
