import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PlanSide } from "./diff";

/** A comparison that cannot run: not a repository, an unknown ref, a side whose plan fails. */
export class ChangesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChangesError";
  }
}

/** The output of a git command run in `repo`; a ChangesError with git's own first line of complaint when it fails. */
export function git(repo: string, args: readonly string[]): string {
  try {
    return execFileSync("git", ["-C", repo, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? "").trim();
    throw new ChangesError(`git ${args[0]} failed: ${stderr.split("\n")[0] || (err as Error).message}`);
  }
}

/** The top folder of the repository holding `cwd`. */
export function repositoryRoot(cwd: string): string {
  return git(cwd, ["rev-parse", "--show-toplevel"]);
}

/** The commit a ref names (`HEAD~1`, a branch, a tag, a hash). */
export function commitOf(repo: string, ref: string): string {
  try {
    return git(repo, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new ChangesError(`--base ${ref} names no commit of ${repo}`);
  }
}

/** Whether the base's package-lock.json differs from the working tree's (the base is planned with the working tree's packages). */
export function lockfileDiffers(repo: string, commit: string): boolean {
  let base: string;
  try {
    base = execFileSync("git", ["-C", repo, "show", `${commit}:package-lock.json`], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      maxBuffer: 64 << 20,
    });
  } catch {
    base = "";
  }
  const file = path.join(repo, "package-lock.json");
  const now = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  return base !== now;
}

/**
 * Gives `dir` the packages of `repo`: `dir/node_modules` is a folder of
 * links to each entry of `repo/node_modules`, all but `.cache`. The offline
 * commands keep their transpiled files in `node_modules/.cache` by a hash of
 * the file's path and source; a temporary checkout's own cache goes away
 * with it instead of adding its files to the working tree's on every run.
 */
export function linkPackages(repo: string, dir: string): void {
  const from = path.join(repo, "node_modules");
  if (!fs.existsSync(from)) throw new ChangesError(`${from} does not exist: run npm ci first`);
  const real = fs.realpathSync(from);
  const to = path.join(dir, "node_modules");
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(real)) {
    if (entry !== ".cache") fs.symlinkSync(path.join(real, entry), path.join(to, entry));
  }
}

/** A temporary folder for one comparison: the base's checkout and both plans. Removed by {@link removeScratch}. */
export function makeScratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "platform-changes-"));
}

/** Checks out `commit` detached in `dir` (a worktree of `repo`) with the working tree's packages. */
export function addWorktree(repo: string, commit: string, dir: string): void {
  git(repo, ["worktree", "add", "--detach", "--quiet", dir, commit]);
  linkPackages(repo, dir);
}

/** Removes the scratch folder and the worktree in it, if any, and git's record of it. */
export function removeScratch(repo: string, scratch: string, worktree?: string): void {
  if (worktree !== undefined && fs.existsSync(worktree)) {
    try {
      git(repo, ["worktree", "remove", "--force", worktree]);
    } catch {
      // Removed with the folder below; prune forgets the record.
    }
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  try {
    git(repo, ["worktree", "prune"]);
  } catch {
    // Nothing to prune is not a failure.
  }
}

/** What a side's plan command did. */
export interface PlanRun {
  readonly code: number;
  readonly stderr: string;
}

/** Runs `npm run plan` of the checkout at `root` (its own code, its own stack settings) in a child Node process, writing the plan JSON to `out`. */
export function runPlanCommand(root: string, stack: string, out: string): Promise<PlanRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["-r", "./shared/register.js", "shared/plan/cli.ts", "--stack", stack, "--out", out],
      { cwd: root, env: process.env, timeout: 180_000, maxBuffer: 64 << 20 },
      (err, _stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === "number" ? err.code : 1;
        resolve({ code, stderr: String(stderr) });
      },
    );
  });
}

/** The line of a failed command's stderr that says why: the plan's own `plan failed: ...`, else the last line. */
export function failureCause(run: PlanRun): string {
  const lines = run.stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const own = lines.find((l) => l.startsWith("plan failed: "));
  if (own !== undefined) return own.slice("plan failed: ".length);
  return lines.at(-1) ?? `the plan command exited with code ${run.code} and said nothing`;
}

/** One side's plan, and what its command reported beside it. */
export interface PlannedSide {
  readonly plan: PlanSide;
  /** The plan command's failure report when it wrote the plan but exited non-zero (a mandatory policy violation, a route problem). */
  readonly reported?: string;
}

/**
 * Plans `stack` in the checkout at `root` and reads the JSON it writes. The
 * plan command writes the plan before it judges it, so a plan with policy
 * violations still compares; only a plan that is not written fails, as a
 * ChangesError naming the side.
 */
export async function planCheckout(root: string, stack: string, out: string, side: string): Promise<PlannedSide> {
  const run = await runPlanCommand(root, stack, out);
  let plan: PlanSide;
  try {
    plan = JSON.parse(fs.readFileSync(out, "utf8")) as PlanSide;
  } catch {
    throw new ChangesError(`planning ${side} failed: ${failureCause(run)}`);
  }
  return run.code === 0 ? { plan } : { plan, reported: failureCause(run) };
}
