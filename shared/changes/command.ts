import * as path from "path";
import { readCommandLine } from "../cli";
import { diffPlans } from "./diff";
import { ChangeReport, formatChanges } from "./format";
import {
  addWorktree,
  ChangesError,
  commitOf,
  lockfileDiffers,
  makeScratch,
  planCheckout,
  PlannedSide,
  removeScratch,
  repositoryRoot,
} from "./sides";

export const CHANGES_USAGE = "usage: npm run changes -- --stack <stack> --base <git-ref> [--json]";

/** The command line of `npm run changes`. */
export interface ChangesArgs {
  readonly stack: string;
  readonly base: string;
  readonly json: boolean;
}

/** Parses `--stack`, `--base` and `--json`; throws a ChangesError with the usage on anything else. */
export function parseChangesArgs(argv: readonly string[]): ChangesArgs {
  const fail = (message: string): never => {
    throw new ChangesError(`${message}; ${CHANGES_USAGE}`);
  };
  const { values } = readCommandLine(argv, { stack: "string", base: "string", json: "boolean" }, fail);
  if (values.stack === undefined) return fail("--stack is required");
  if (values.base === undefined) return fail("--base is required");
  return { stack: values.stack, base: values.base, json: values.json };
}

/**
 * Plans the stack at the base commit, in a temporary worktree with the
 * working tree's packages, and in the working tree, each with its own
 * `npm run plan` in a child process, side by side. Both sides run the same
 * way, so a difference in the report is a difference of the commits (code
 * and stack settings), not of how they were planned; the two processes use
 * both cores, and neither plan shares a process (Pulumi's runtime state, the
 * loaded layer programs) with the other or with this one. The worktree is
 * removed afterwards, also when a side fails.
 */
export async function planBothSides(repo: string, args: ChangesArgs, commit: string): Promise<{ base: PlannedSide; head: PlannedSide }> {
  const scratch = makeScratch();
  const worktree = path.join(scratch, "base");
  try {
    const head = planCheckout(repo, args.stack, path.join(scratch, "head.json"), "the working tree");
    // Settled here, awaited below: a failing working tree must not leave an unhandled rejection while the base is checked out.
    head.catch(() => undefined);
    const base = (async () => {
      addWorktree(repo, commit, worktree);
      return planCheckout(worktree, args.stack, path.join(scratch, "base.json"), `the base (${args.base}, ${commit.slice(0, 12)})`);
    })();
    const [b, h] = await Promise.allSettled([base, head]);
    if (b.status === "rejected") throw b.reason;
    if (h.status === "rejected") throw h.reason;
    return { base: b.value, head: h.value };
  } finally {
    removeScratch(repo, scratch, worktree);
  }
}

/** The notes of a comparison: what differs in how the sides were planned. */
export function sideNotes(lockfile: boolean, base: PlannedSide, head: PlannedSide): string[] {
  return [
    ...(lockfile
      ? ["the base's package-lock.json differs from the working tree's; the base was planned with the working tree's node_modules"]
      : []),
    ...(base.reported === undefined ? [] : [`the base's plan reports: ${base.reported}`]),
    ...(head.reported === undefined ? [] : [`the working tree's plan reports: ${head.reported}`]),
  ];
}

/** The message of one of the command's own errors; anything else with its stack trace. */
export function errorText(err: unknown): string {
  if (err instanceof ChangesError) return err.message;
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/**
 * `npm run changes`: what changes from the base commit to the working tree,
 * layer by layer, as text or (`--json`) as the {@link ChangeReport}. Exit
 * code 0 whatever changes; 1 with one line naming the side and the cause
 * when a side cannot be planned, and on a usage error. Never rejects.
 */
export async function changesCommand(argv: readonly string[], cwd: string): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  try {
    const args = parseChangesArgs(argv);
    const repo = repositoryRoot(cwd);
    const commit = commitOf(repo, args.base);
    const { base, head } = await planBothSides(repo, args, commit);
    const { stack, ...changes } = diffPlans(base.plan, head.plan);
    const report: ChangeReport = {
      stack,
      base: { ref: args.base, commit },
      head: "working tree",
      notes: sideNotes(lockfileDiffers(repo, commit), base, head),
      ...changes,
    };
    return { stdout: args.json ? `${JSON.stringify(report, null, 2)}\n` : formatChanges(report), stderr: "", exitCode: 0 };
  } catch (err) {
    return { stdout: "", stderr: `changes failed: ${errorText(err)}\n`, exitCode: 1 };
  }
}
