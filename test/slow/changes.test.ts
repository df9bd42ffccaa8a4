import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { linkPackages } from "../../shared/changes/sides";
import { ROOT } from "../fixtures/run";

// Slow by nature: the changes command in a child Node process, planning both
// sides in child processes of its own (about 2 × 1.5 s of CPU there; this
// file's worker only waits), against a throwaway clone of HEAD.

const git = (dir: string, ...args: string[]) =>
  execFileSync("git", ["-C", dir, "-c", "user.name=test", "-c", "user.email=test@example.com", ...args], { encoding: "utf8" }).trim();

/** Runs the working tree's `npm run changes` with `cwd` as the current folder, as `npm run changes` in that checkout would. */
function changes(cwd: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["-r", path.join(ROOT, "shared/register.js"), path.join(ROOT, "shared/changes/cli.ts"), ...args],
      { cwd, timeout: 120_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe("npm run changes on a throwaway commit", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "changes-e2e-"));
    const clone = path.join(dir, "repo");
    execFileSync("git", ["clone", "-q", "--shared", ROOT, clone]);
    linkPackages(ROOT, clone);
    const settings = path.join(clone, "stacks", "Pulumi.orders-dev.yaml");
    fs.appendFileSync(settings, "  platform:imageTag: 1.0.0\n");
    git(clone, "commit", "-qam", "orders-dev runs image 1.0.0");
    fs.writeFileSync(settings, fs.readFileSync(settings, "utf8").replace("platform:imageTag: 1.0.0", "platform:imageTag: 1.0.1"));
    git(clone, "commit", "-qam", "orders-dev runs image 1.0.1");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reports that a new image tag changes the compute layer alone: the task definition and the service, at the same cost", async () => {
    const clone = path.join(dir, "repo");
    const run = await changes(clone, ["--stack", "orders-dev", "--base", "HEAD~1"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `changes of stack orders-dev: base HEAD~1 (${git(clone, "rev-parse", "HEAD~1").slice(0, 12)}) -> working tree\n`,
    );
    expect(run.stdout).toContain("layers to deploy, in order: compute\n");
    for (const layer of ["network", "data", "edge"])
      expect(run.stdout).toContain(`== ${layer} (platform-${layer}/orders-dev): no change\n`);
    expect(run.stdout).toContain("== compute (platform-compute/orders-dev): 1 to replace, 1 to update\n");
    expect(run.stdout).toContain(
      "   replace  aws:ecs/taskDefinition:TaskDefinition  api-task  (containerDefinitions forces a new resource)\n",
    );
    expect(run.stdout).toMatch(/containerDefinitions\[0\]\.image: "[^"]*orders-api-dev:1\.0\.0" -> "[^"]*orders-api-dev:1\.0\.1"\n/);
    expect(run.stdout).toContain("   update   aws:ecs/service:Service  api-service\n");
    expect(run.stdout).toContain("(known after apply: api-task is replaced)");
    expect(run.stdout).toContain("== cost: estimated monthly USD, min / max: no change\n");
    expect(run.stdout).not.toContain("note:");
    expect(git(clone, "worktree", "list", "--porcelain").match(/^worktree /gm)).toHaveLength(1);
  }, 120_000);
});
