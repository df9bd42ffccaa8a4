// The deploy workflow's plan (.github/workflows/deploy.yml, job `plan`): which
// layers of which stacks to deploy after a merge. A layer is deployed when its
// own resources changed, or an output of a layer it reads changed, since the
// commit last deployed successfully to its GitHub environment
// (`<stack>-<layer>`), as `npm run changes -- --json` reports it. Writes the
// two matrices the workflow runs (stacks that read no other stack's layers,
// then those that do) and a summary table. The layers and the reads between
// them are the report's (shared/changes, ChangeReport): a layer deploys when
// its `resources` or its `reads` are not empty.
//
//   node -r ./shared/register.js .github/scripts/deploy-plan.ts [--stack S] [--stacks "S1 S2"] [--all-layers]
//     [--github-output FILE] [--summary FILE]
import { execFileSync } from "child_process";
import * as fs from "fs";
import { readCommandLine } from "../../shared/cli";
import { findPlaceholders, PlatformConfig } from "../../shared/config";
import type { LayerChange } from "../../shared/changes/diff";
import type { ChangeReport } from "../../shared/changes/format";
import { Layer, LAYERS, layerOwner, ownedLayers } from "../../shared/layers";
import { committedStacks, configOf, readStackSettings } from "../../shared/plan/runner";

/** What the plan reads of one layer in the report of `npm run changes -- --json` (shared/changes). */
export interface LayerDiff {
  /** Resources the layer creates, updates, replaces or deletes. */
  readonly resources: number;
  /** The changed outputs of its upstream layers that it reads: it must be deployed again after them. */
  readonly reads: LayerChange["reads"];
}

/** A report of `npm run changes -- --json` the plan cannot read; the plan then deploys every layer it owns. */
export class ChangesFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChangesFormatError";
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The layers of a {@link ChangeReport} (`npm run changes -- --json`): each
 * layer's resource changes and the changed upstream outputs it reads. Checked
 * at run time too, as the JSON comes from another process: a report of
 * another shape is refused rather than taken for "no change".
 */
export function readChanges(report: unknown): Partial<Record<Layer, LayerDiff>> {
  const layers = isRecord(report) ? (report as Partial<ChangeReport>).layers : undefined;
  if (!Array.isArray(layers) || layers.length === 0) throw new ChangesFormatError("the report has no `layers` list");
  const diffs: Partial<Record<Layer, LayerDiff>> = {};
  for (const entry of layers as unknown[]) {
    const layer = isRecord(entry) ? entry.layer : undefined;
    if (!isRecord(entry) || !LAYERS.includes(layer as Layer) || !Array.isArray(entry.resources) || !Array.isArray(entry.reads))
      throw new ChangesFormatError(`a layer entry without a known layer, resources and reads: ${JSON.stringify(entry).slice(0, 200)}`);
    diffs[layer as Layer] = { resources: entry.resources.length, reads: entry.reads as LayerChange["reads"] };
  }
  return diffs;
}

/** What deploying one layer of one stack was decided, and why (for the summary). */
export interface LayerDecision {
  readonly layer: Layer;
  readonly deploy: boolean;
  readonly why: string;
}

/** One stack's plan: the layers it deploys itself, in deployment order. */
export interface StackPlan {
  readonly stack: string;
  readonly region: string;
  /** 1: reads no other stack's layers; 2: reads a layer another stack deploys, so it runs after every stack of wave 1. */
  readonly wave: 1 | 2;
  readonly layers: readonly LayerDecision[];
}

/** A stack the plan leaves out, and why. */
export interface SkippedStack {
  readonly stack: string;
  readonly why: string;
}

export interface DeployPlan {
  readonly stacks: readonly StackPlan[];
  readonly skipped: readonly SkippedStack[];
}

/** What the plan asks of the repository, GitHub and `npm run changes`; injectable for tests. */
export interface PlanDeps {
  /** The committed stacks (`stacks/Pulumi.<stack>.yaml`). */
  stacks(): string[];
  /** A stack's validated settings. */
  config(stack: string): PlatformConfig;
  /** The commit of the newest deployment to a GitHub environment whose status is success; undefined if none. */
  lastDeployed(environment: string): string | undefined;
  /** Whether the clone holds this commit. */
  hasCommit(sha: string): boolean;
  /** The report of `npm run changes -- --stack <stack> --base <base> --json`. */
  changes(stack: string, base: string): unknown;
}

export interface PlanOptions {
  /** Only this stack (workflow_dispatch), whatever `stacks` says. */
  readonly stack?: string;
  /** The stacks the pipeline deploys (the repository variable DEPLOY_STACKS); empty: every committed stack. */
  readonly stacks?: readonly string[];
  /** Every layer each stack owns, changed or not. */
  readonly allLayers?: boolean;
}

/** The GitHub environment of one layer of one stack: its approval rule, its role, its deployments. */
export function environmentOf(stack: string, layer: Layer): string {
  return `${stack}-${layer}`;
}

function short(sha: string): string {
  return sha.slice(0, 7);
}

function decide(stack: string, cfg: PlatformConfig, layer: Layer, deps: PlanDeps, reports: Map<string, unknown>): LayerDecision {
  const environment = environmentOf(stack, layer);
  const base = deps.lastDeployed(environment);
  if (base === undefined) return { layer, deploy: true, why: `no successful deployment to environment ${environment} yet` };
  if (!deps.hasCommit(base)) return { layer, deploy: true, why: `its last deployed commit ${short(base)} is not in the history` };
  if (!reports.has(base)) {
    try {
      reports.set(base, readChanges(deps.changes(stack, base)));
    } catch (err) {
      reports.set(base, err as Error);
    }
  }
  const report = reports.get(base) as Partial<Record<Layer, LayerDiff>> | Error;
  if (report instanceof Error)
    return {
      layer,
      deploy: true,
      why: `\`npm run changes\` against ${short(base)} could not be read, so every layer is deployed: ${report.message}`,
    };
  const own = report[layer]?.resources ?? 0;
  if (own > 0) return { layer, deploy: true, why: `${own} resource change${own === 1 ? "" : "s"} since ${short(base)}` };
  const reads = report[layer]?.reads ?? [];
  if (reads.length > 0) {
    const which = reads.map((r) => {
      const owner = layerOwner(stack, cfg.upstream, r.layer);
      return `${r.layer}${owner === stack ? "" : ` (stack ${owner})`}: ${r.outputs.join(", ")}`;
    });
    return { layer, deploy: true, why: `outputs it reads changed since ${short(base)}: ${which.join("; ")}` };
  }
  return { layer, deploy: false, why: `unchanged since ${short(base)}` };
}

/**
 * Which layers of which stacks to deploy. Stacks whose settings still hold
 * placeholders are left out (`npm run deploy` would refuse them). A stack that
 * reads a layer of another stack (`platform:networkStack`, ...) goes to wave 2,
 * after the stacks it reads; a stack read by another cannot itself read one.
 */
export function planDeploys(opts: PlanOptions, deps: PlanDeps): DeployPlan {
  const committed = deps.stacks();
  for (const stack of [...(opts.stack === undefined ? [] : [opts.stack]), ...(opts.stacks ?? [])]) {
    if (!committed.includes(stack)) throw new Error(`unknown stack "${stack}": committed stacks are ${committed.join(", ")}`);
  }
  // A stack asked for by name is planned even when DEPLOY_STACKS leaves it out.
  const selected =
    opts.stack !== undefined
      ? [opts.stack]
      : committed.filter((s) => opts.stacks === undefined || opts.stacks.length === 0 || opts.stacks.includes(s));
  const stacks: StackPlan[] = [];
  const skipped: SkippedStack[] = [];
  for (const stack of selected) {
    const cfg = deps.config(stack);
    const placeholders = findPlaceholders(cfg);
    if (placeholders.length > 0) {
      skipped.push({ stack, why: `placeholder values: ${placeholders.map((p) => p.key).join(", ")} (\`npm run deploy\` refuses it)` });
      continue;
    }
    const readsOthers = LAYERS.filter((l) => layerOwner(stack, cfg.upstream, l) !== stack);
    for (const other of new Set(readsOthers.map((l) => layerOwner(stack, cfg.upstream, l)))) {
      const otherCfg = deps.config(other);
      if (LAYERS.some((l) => layerOwner(other, otherCfg.upstream, l) !== other))
        throw new Error(`stack ${stack} reads stack ${other}, which reads another stack itself: the deploy workflow runs two waves only`);
    }
    const reports = new Map<string, unknown>();
    const layers = ownedLayers(stack, cfg.upstream).map((layer) =>
      opts.allLayers === true ? { layer, deploy: true, why: "every layer was asked for" } : decide(stack, cfg, layer, deps, reports),
    );
    stacks.push({ stack, region: cfg.region, wave: readsOthers.length > 0 ? 2 : 1, layers });
  }
  return { stacks, skipped };
}

/** One entry of a wave's matrix: the inputs of .github/workflows/deploy-stack.yml. */
export type MatrixEntry = { readonly stack: string; readonly region: string } & Readonly<Record<Layer, boolean>>;

/** The matrix of one wave: the stacks with at least one layer to deploy. */
export function matrixOf(plan: DeployPlan, wave: 1 | 2): MatrixEntry[] {
  return plan.stacks
    .filter((s) => s.wave === wave && s.layers.some((l) => l.deploy))
    .map((s) => {
      const deploy = Object.fromEntries(LAYERS.map((layer) => [layer, s.layers.some((l) => l.layer === layer && l.deploy)]));
      return { stack: s.stack, region: s.region, ...deploy } as MatrixEntry;
    });
}

/** The plan as a Markdown table, for the run's summary. */
export function summaryOf(plan: DeployPlan): string {
  const rows = plan.stacks.flatMap((s) =>
    s.layers.map((l) => `| \`${s.stack}\` | ${l.layer} | ${l.deploy ? "**deploy**" : "skip"} | ${l.why.replace(/\|/g, "\\|")} |`),
  );
  const skipped = plan.skipped.map((s) => `| \`${s.stack}\` | all | skip | ${s.why} |`);
  return ["### Deploy plan", "", "| stack | layer | | why |", "| --- | --- | --- | --- |", ...rows, ...skipped, ""].join("\n");
}

/** The commit of the newest successful deployment to `environment`, read with the GitHub CLI (`deployments: read`). */
export function githubLastDeployed(repo: string, run: (args: string[]) => string): (environment: string) => string | undefined {
  return (environment) => {
    const list = JSON.parse(run(["api", `repos/${repo}/deployments?environment=${encodeURIComponent(environment)}&per_page=30`])) as {
      id: number;
      sha: string;
    }[];
    for (const deployment of list) {
      const statuses = JSON.parse(run(["api", `repos/${repo}/deployments/${deployment.id}/statuses?per_page=1`])) as { state: string }[];
      if (statuses[0]?.state === "success") return deployment.sha;
    }
    return undefined;
  };
}

function productionDeps(): PlanDeps {
  const repo = process.env.GITHUB_REPOSITORY ?? "";
  if (repo === "") throw new Error("GITHUB_REPOSITORY is not set: run in GitHub Actions, or set it to <owner>/<repo> with GH_TOKEN");
  const gh = (args: string[]) => execFileSync("gh", args, { encoding: "utf8", maxBuffer: 64 << 20 });
  return {
    stacks: () => committedStacks(),
    config: (stack) => configOf(stack, readStackSettings(stack)),
    lastDeployed: githubLastDeployed(repo, gh),
    hasCommit: (sha) => {
      try {
        execFileSync("git", ["cat-file", "-e", `${sha}^{commit}`], { stdio: "ignore" });
        return true;
      } catch {
        return false;
      }
    },
    changes: (stack, base) =>
      JSON.parse(
        execFileSync("npm", ["run", "-s", "changes", "--", "--stack", stack, "--base", base, "--json"], {
          encoding: "utf8",
          maxBuffer: 256 << 20,
          stdio: ["ignore", "pipe", "inherit"],
        }),
      ),
  };
}

export function main(argv: readonly string[], deps: PlanDeps = productionDeps()): number {
  const fail = (message: string): never => {
    throw new Error(
      `${message}\nusage: deploy-plan.ts [--stack S] [--stacks "S1 S2"] [--all-layers] [--github-output FILE] [--summary FILE]`,
    );
  };
  const { values } = readCommandLine(
    argv,
    { stack: "string", stacks: "string", "all-layers": "boolean", "github-output": "string", summary: "string" },
    fail,
  );
  const plan = planDeploys(
    {
      ...(values.stack ? { stack: values.stack } : {}),
      stacks: (values.stacks ?? "").split(/[\s,]+/).filter((s) => s !== ""),
      allLayers: values["all-layers"],
    },
    deps,
  );
  const outputs = `matrix=${JSON.stringify(matrixOf(plan, 1))}\ndependents=${JSON.stringify(matrixOf(plan, 2))}\n`;
  const summary = summaryOf(plan);
  if (values["github-output"] !== undefined) fs.appendFileSync(values["github-output"], outputs);
  if (values.summary !== undefined) fs.appendFileSync(values.summary, summary);
  process.stdout.write(`${summary}\n${outputs}`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`deploy plan: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
