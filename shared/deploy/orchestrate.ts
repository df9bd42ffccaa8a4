import { PlatformConfig } from "../config";
import { CONTRACTS, upstreamStackName } from "../contracts";
import { Layer, LAYERS, PROJECTS, UPSTREAM } from "../layers";
import { Command, DeployError } from "./args";
import { ChangeSummary, OutputSink, StackOps, StackOutputs } from "./ops";

/** What one run of a command works with. */
export interface RunContext {
  /** The committed stack name (`orders-dev`). */
  readonly stack: string;
  /** The stack's committed settings, every namespace, as strings. */
  readonly settings: Readonly<Record<string, string>>;
  readonly cfg: PlatformConfig;
  readonly ops: StackOps;
  /** Progress and results (stdout). */
  readonly out: (text: string) => void;
}

/** The fully qualified name of a layer's own stack: `<org>/<project>/<stack>`, the name other layers reference. */
export function layerStackName(cfg: PlatformConfig, layer: Layer, stack: string): string {
  return `${cfg.upstream.organization}/${PROJECTS[layer]}/${stack}`;
}

/**
 * Prefixes every line of a stream of chunks with `[layer] `, keeping partial
 * lines until they end (or until `flush`).
 */
export function linePrefixer(prefix: string, write: (text: string) => void): { readonly push: OutputSink; flush(): void } {
  let pending = "";
  return {
    push(chunk: string) {
      const lines = (pending + chunk).split("\n");
      pending = lines.pop() as string;
      for (const line of lines) write(`[${prefix}] ${line}\n`);
    },
    flush() {
      if (pending !== "") write(`[${prefix}] ${pending}\n`);
      pending = "";
    },
  };
}

const OP_ORDER = ["create", "update", "replace", "delete", "same"];

/** `create 3, update 1, same 12`; operations Pulumi did not count are left out. */
export function formatChanges(changes: ChangeSummary): string {
  const entries = Object.entries(changes).filter((e): e is [string, number] => (e[1] ?? 0) > 0);
  const rank = (op: string) => (OP_ORDER.includes(op) ? OP_ORDER.indexOf(op) : OP_ORDER.length);
  entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  return entries.length === 0 ? "no resources" : entries.map(([op, n]) => `${op} ${n}`).join(", ");
}

function command(cmd: Command, stack: string, rest: string): string {
  return `\`npm run ${cmd} -- --stack ${stack} ${rest}\``;
}

/**
 * Before `layer` runs: each upstream stack it reads must exist and export
 * every required output of its contract. Throws which stack to deploy first.
 */
export async function checkUpstream(ctx: RunContext, layer: Layer): Promise<void> {
  // compute is no layer's upstream: it is the leaf.
  for (const upstream of UPSTREAM[layer] as readonly Exclude<Layer, "compute">[]) {
    const name = upstreamStackName(ctx.cfg, upstream);
    const upstreamStack = ctx.cfg.upstream[upstream];
    const fix = `deploy the ${upstream} layer of stack ${upstreamStack} first: ${command("deploy", upstreamStack, `--layer ${upstream}`)}`;
    if (!(await ctx.ops.exists(upstream, name))) throw new DeployError(`layer ${layer} reads stack ${name}, which does not exist; ${fix}`);
    const outputs = await ctx.ops.outputs(upstream, name);
    const missing = Object.entries(CONTRACTS[upstream].keys)
      .filter(([key, presence]) => presence === "required" && !(key in outputs))
      .map(([key]) => `"${key}"`);
    if (missing.length > 0) {
      throw new DeployError(
        `layer ${layer} needs output${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of stack ${name}, which it does not export; ${fix}`,
      );
    }
  }
}

function failure(cmd: Command, ctx: RunContext, layer: Layer, rest: readonly Layer[], err: unknown): DeployError {
  const cause = firstLine(err);
  const resume = `fix it and resume with ${command(cmd, ctx.stack, `--layer ${layer}`)}`;
  const after = rest.length === 0 ? "" : `, or ${command(cmd, ctx.stack, `--from ${layer}`)} to run it and then ${rest.join(", ")}`;
  const skipped = rest.length === 0 ? "" : ` (${rest.join(", ")} did not run)`;
  return new DeployError(`layer ${layer} failed: ${cause}${skipped}\n${resume}${after}`);
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (
    text
      .split("\n")
      .find((line) => line.trim() !== "")
      ?.trim() ?? "unknown error"
  );
}

/**
 * `pulumi up` (or `preview`) of `layers` in the order given. Each layer's
 * upstream stacks are checked first; its progress streams prefixed with its
 * name; the first failure stops the chain with how to resume.
 */
export async function runLayers(cmd: "deploy" | "preview", ctx: RunContext, layers: readonly Layer[]): Promise<void> {
  for (const [i, layer] of layers.entries()) {
    const name = layerStackName(ctx.cfg, layer, ctx.stack);
    ctx.out(`== ${layer}: ${cmd === "deploy" ? "pulumi up" : "pulumi preview"} of ${name}\n`);
    await checkUpstream(ctx, layer);
    const stream = linePrefixer(layer, ctx.out);
    let changes: ChangeSummary;
    try {
      changes =
        cmd === "deploy"
          ? await ctx.ops.up(layer, name, ctx.settings, stream.push)
          : await ctx.ops.preview(layer, name, ctx.settings, stream.push);
    } catch (err) {
      throw failure(cmd, ctx, layer, layers.slice(i + 1), err);
    } finally {
      stream.flush();
    }
    ctx.out(`== ${layer}: ${cmd === "deploy" ? "deployed" : "previewed"} (${formatChanges(changes)})\n`);
  }
}

/** Asks a question on the terminal and returns the answer. */
export type Confirm = (question: string) => Promise<string>;

export interface DestroyOptions {
  /** `--yes`: no question. */
  readonly yes: boolean;
  /** The terminal prompt; undefined when stdin is not a terminal. */
  readonly confirm?: Confirm;
}

/**
 * What `platform:deletionProtection` holds back, per layer: the resources AWS
 * (or the provider) refuses to delete until the setting is off and the layer
 * is deployed again.
 */
export const PROTECTED_BY_SETTING: Readonly<Partial<Record<Layer, string>>> = {
  data: "the database (deletion protection, final snapshot)",
  edge: "the load balancer (deletion protection) and the access log bucket (emptied only when the setting is off)",
  compute: "the image repository (deleted with its images only when the setting is off)",
};

/**
 * The refusal of a destroy while deletion protection is on: the setting to
 * change, then the deploys (of the layers in the run that the setting
 * protects, in deployment order) that carry it to AWS.
 */
export function deletionProtectionRefusal(stack: string, layers: readonly Layer[]): DeployError {
  const protectedLayers = LAYERS.filter((l) => layers.includes(l) && PROTECTED_BY_SETTING[l] !== undefined);
  const setting = `deletion protection is on for stack ${stack}: set platform:deletionProtection to false in stacks/Pulumi.${stack}.yaml`;
  if (protectedLayers.length === 0) return new DeployError(`${setting}, then destroy again`);
  const deploys = protectedLayers.map((l) => command("deploy", stack, `--layer ${l}`)).join(", then ");
  const what = protectedLayers.map((l) => PROTECTED_BY_SETTING[l]).join("; ");
  return new DeployError(
    `${setting} and deploy the ${protectedLayers.join(", ")} layer${protectedLayers.length > 1 ? "s" : ""} first (${deploys}), so AWS lets go of ${what}; then destroy again`,
  );
}

/**
 * `pulumi destroy` of `layers` in the order given (compute first). Refuses
 * while deletion protection is on and while a layer outside the run still
 * reads one inside it; asks to type the stack name unless `--yes`.
 */
export async function runDestroy(ctx: RunContext, layers: readonly Layer[], opts: DestroyOptions): Promise<void> {
  if (ctx.cfg.deletionProtection) throw deletionProtectionRefusal(ctx.stack, layers);
  for (const layer of layers) {
    for (const downstream of LAYERS.filter((d) => (UPSTREAM[d] as readonly Layer[]).includes(layer) && !layers.includes(d))) {
      const name = layerStackName(ctx.cfg, downstream, ctx.stack);
      if ((await ctx.ops.exists(downstream, name)) && Object.keys(await ctx.ops.outputs(downstream, name)).length > 0) {
        throw new DeployError(
          `layer ${downstream} (stack ${name}) still reads the ${layer} layer; destroy it first: ${command("destroy", ctx.stack, `--layer ${downstream}`)}`,
        );
      }
    }
  }
  if (!opts.yes) {
    if (opts.confirm === undefined)
      throw new DeployError("destroy asks for confirmation and stdin is not a terminal; run it in a terminal, or pass --yes");
    const answer = await opts.confirm(
      `This destroys the ${layers.join(", ")} layer${layers.length > 1 ? "s" : ""} of stack ${ctx.stack}. Type the stack name to confirm: `,
    );
    if (answer.trim() !== ctx.stack)
      throw new DeployError(`not confirmed ("${answer.trim()}" is not "${ctx.stack}"); nothing was destroyed`);
  }
  for (const [i, layer] of layers.entries()) {
    const name = layerStackName(ctx.cfg, layer, ctx.stack);
    if (!(await ctx.ops.exists(layer, name))) {
      ctx.out(`== ${layer}: no stack ${name}; nothing to destroy\n`);
      continue;
    }
    ctx.out(`== ${layer}: pulumi destroy of ${name}\n`);
    const stream = linePrefixer(layer, ctx.out);
    let changes: ChangeSummary;
    try {
      changes = await ctx.ops.destroy(layer, name, stream.push);
    } catch (err) {
      throw failure("destroy", ctx, layer, layers.slice(i + 1), err);
    } finally {
      stream.flush();
    }
    ctx.out(`== ${layer}: destroyed (${formatChanges(changes)})\n`);
  }
}

/** The value of an output as shown: JSON, or `[secret]` unless secrets are shown. */
export function showOutput(output: StackOutputs[string], showSecrets: boolean): string {
  return output.secret && !showSecrets ? "[secret]" : JSON.stringify(output.value);
}

/** Every layer's outputs, secrets masked unless `showSecrets`. */
export async function runOutputs(ctx: RunContext, layers: readonly Layer[], showSecrets: boolean): Promise<void> {
  for (const layer of layers) {
    const name = layerStackName(ctx.cfg, layer, ctx.stack);
    if (!(await ctx.ops.exists(layer, name))) {
      ctx.out(`== ${layer}: not deployed (no stack ${name})\n`);
      continue;
    }
    const outputs = await ctx.ops.outputs(layer, name);
    const keys = Object.keys(outputs).sort();
    ctx.out(`== ${layer}: ${name}${keys.length === 0 ? " (no outputs: destroyed, or never deployed)" : ""}\n`);
    for (const key of keys) ctx.out(`   ${key} = ${showOutput(outputs[key], showSecrets)}\n`);
  }
}
