import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { CONFIG_NAMESPACE, parsePlatformConfig, PlatformConfig, RawConfig } from "../config";
import { CONTRACTS, upstreamStackName } from "../contracts";
import { Layer, layerOwner, LAYERS, PROJECTS, UPSTREAM } from "../layers";
import { captureResources, PlannedResource, readableValue } from "./capture";
import { platformMocks, StackOutputs } from "./fakeAws";
import { useOfflineRuntime } from "./offlineRuntime";

/** The plan of one layer. */
export interface LayerPlan {
  readonly layer: Layer;
  /** The layer's Pulumi project name. */
  readonly project: string;
  readonly stack: string;
  readonly resources: readonly PlannedResource[];
  /** The layer's stack outputs, as its program exported them. */
  readonly outputs: Readonly<Record<string, unknown>>;
}

/** The offline plan of a whole stack: every layer, in deployment order. */
export interface Plan {
  readonly stack: string;
  readonly system: string;
  readonly layers: readonly LayerPlan[];
}

/** A plan that cannot run: invalid settings, a missing stack file, a missing upstream output. */
export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanError";
  }
}

/** A layer's program: what its `index.ts` exports. Its result is the stack outputs. */
export type LayerProgram = () => Promise<Readonly<Record<string, unknown>>>;

/** Finds a layer's program. */
export type LayerLoader = (layer: Layer) => LayerProgram;

export interface PlanOptions {
  readonly stack: string;
  /** `platform:*` overrides, keys without the prefix, applied to every layer. */
  readonly overrides?: Readonly<Record<string, string>>;
  /** Where the committed stack settings live. @default the repository's `stacks/` */
  readonly stacksDir?: string;
  /** The last layer to plan; the layers after it are left out. @default "compute" (all four) */
  readonly until?: Layer;
  /** @default `stacks/<layer>/index.ts` */
  readonly load?: LayerLoader;
  /**
   * A plan of the same stack whose layers before the last are taken as they
   * are instead of planned again: for settings that change only the last
   * layer, such as a release's image (`imageTag`). @default none: every layer is planned
   */
  readonly upstream?: Plan;
}

/** The repository's `stacks/` folder. */
export const STACKS_DIR = path.resolve(__dirname, "..", "..", "stacks");

/** The stack settings file every layer of `stack` reads (the projects' `stackConfigDir`). */
export function stackFile(stack: string, stacksDir = STACKS_DIR): string {
  return path.join(stacksDir, `Pulumi.${stack}.yaml`);
}

/** The stacks that have a committed settings file. */
export function committedStacks(stacksDir = STACKS_DIR): string[] {
  return fs
    .readdirSync(stacksDir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/**
 * A stack's committed config, every namespace, values as the strings Pulumi
 * hands a program (lists and objects as JSON), with `overrides` applied.
 */
export function readStackSettings(
  stack: string,
  overrides: Readonly<Record<string, string>> = {},
  stacksDir = STACKS_DIR,
): Record<string, string> {
  const file = stackFile(stack, stacksDir);
  if (!fs.existsSync(file)) {
    throw new PlanError(
      `no settings for stack "${stack}": ${path.relative(process.cwd(), file)} does not exist; committed stacks: ${committedStacks(stacksDir).join(", ")}`,
    );
  }
  const doc = (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(doc.config ?? {})) {
    settings[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  for (const [key, value] of Object.entries(overrides)) settings[`${CONFIG_NAMESPACE}:${key}`] = value;
  return settings;
}

/** The validated config a stack's settings produce, exactly as each layer's program will parse it. */
export function configOf(stack: string, settings: Readonly<Record<string, string>>): PlatformConfig {
  const prefix = `${CONFIG_NAMESPACE}:`;
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings)) if (key.startsWith(prefix)) raw[key.slice(prefix.length)] = value;
  const awsRegion = settings["aws:region"];
  return parsePlatformConfig(raw as RawConfig, { stack, awsRegion });
}

/**
 * Fails naming the output when `layer` would read an output its upstream
 * stack does not export (before the layer registers anything).
 */
export function checkUpstreamOutputs(cfg: PlatformConfig, layer: Layer, stacks: StackOutputs): void {
  for (const upstream of UPSTREAM[layer]) {
    const name = upstreamStackName(cfg, upstream);
    const outputs = stacks.get(name) ?? {};
    const missing = Object.entries(CONTRACTS[upstream].keys)
      .filter(([key, presence]) => presence === "required" && !(key in outputs))
      .map(([key]) => key);
    if (missing.length > 0) {
      throw new PlanError(
        `layer ${layer} reads output${missing.length > 1 ? "s" : ""} ${missing.map((k) => `"${k}"`).join(", ")} that stack ${name} does not export`,
      );
    }
  }
}

const defaultLoader: LayerLoader = (layer) => require(path.join(STACKS_DIR, layer)) as LayerProgram;

/**
 * Runs the four layer programs in deployment order in this process under
 * Pulumi's runtime mocks (no CLI, no AWS, no credentials). Each layer's
 * outputs answer the next layers' stack references.
 */
export async function runPlan(opts: PlanOptions): Promise<Plan> {
  const settings = readStackSettings(opts.stack, opts.overrides, opts.stacksDir);
  const cfg = configOf(opts.stack, settings);
  const load = opts.load ?? defaultLoader;
  const stacks: StackOutputs = new Map();
  const layers: LayerPlan[] = [];

  for (const layer of LAYERS.slice(0, LAYERS.indexOf(opts.until ?? "compute") + 1)) {
    checkUpstreamOutputs(cfg, layer, stacks);
    const reused = layer === (opts.until ?? "compute") ? undefined : opts.upstream?.layers.find((l) => l.layer === layer);
    // A layer another stack deploys (platform:networkStack, dataStack, edgeStack) is planned as that stack, from its own settings.
    const owner = layerOwner(opts.stack, cfg.upstream, layer);
    const plan =
      reused ??
      (await planLayer(layer, {
        stack: owner,
        settings: owner === opts.stack ? settings : readStackSettings(owner, {}, opts.stacksDir),
        organization: cfg.upstream.organization,
        region: cfg.region,
        stacks,
        load,
      }));
    if (layer !== "compute") stacks.set(upstreamStackName(cfg, layer), plan.outputs);
    layers.push(plan);
  }
  return { stack: opts.stack, system: cfg.system, layers };
}

/** What one layer's program runs with under the mocks. */
export interface LayerRun {
  readonly stack: string;
  /** The stack's config, every namespace, as Pulumi hands it to the program. */
  readonly settings: Readonly<Record<string, string>>;
  readonly organization: string;
  /** Region of the fake ARNs. */
  readonly region: string;
  /** Upstream stack outputs by fully qualified stack name. */
  readonly stacks: StackOutputs;
  readonly load?: LayerLoader;
}

/** Runs one layer's program under the mocks and captures what it registers and exports. */
export async function planLayer(layer: Layer, run: LayerRun): Promise<LayerPlan> {
  useOfflineRuntime();
  pulumi.runtime.setAllConfig({ ...run.settings }, []);
  await pulumi.runtime.setMocks(platformMocks(run.region, run.stacks), PROJECTS[layer], run.stack, false, run.organization);
  const resources = captureResources();
  const exported = await pulumi.runtime.runInPulumiStack((run.load ?? defaultLoader)(layer));
  await pulumi.runtime.disconnect();
  const outputs = (readableValue(exported ?? {}) ?? {}) as Record<string, unknown>;
  return { layer, project: PROJECTS[layer], stack: run.stack, resources: sortResources(resources), outputs };
}

/** Registration order depends on promise timing; the plan lists resources by URN so diffs stay stable. */
function sortResources(resources: readonly PlannedResource[]): PlannedResource[] {
  return [...resources].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}
