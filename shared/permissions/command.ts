import * as fs from "fs";
import * as path from "path";
import { readCommandLine } from "../cli";
import { ConfigError } from "../config";
import type { PolicyDocument } from "../iam";
import { Layer, LAYERS } from "../layers";
import { Plan, PlanError, runPlan } from "../plan/runner";
import { PermissionsError } from "./arns";
import { policySize } from "./evaluate";
import { layerPolicies, MANAGED_POLICY_MAX_CHARS } from "./policy";

export const PERMISSIONS_USAGE =
  "usage: npm run permissions -- --stack <stack> [--layer network|data|edge|compute [--part <n>]] [--account <12 digits>] [--out-dir <dir>]";

/** The command line of `npm run permissions`. */
export interface PermissionsArgs {
  readonly stack: string;
  readonly layer?: Layer;
  /** Which of the layer's policies to print when it needs more than one (1-based). */
  readonly part: number;
  readonly account?: string;
  readonly outDir?: string;
}

/** Parses the flags; throws a PermissionsError with the usage on anything else. */
export function parsePermissionsArgs(argv: readonly string[]): PermissionsArgs {
  const fail = (message: string): never => {
    throw new PermissionsError(`${message}; ${PERMISSIONS_USAGE}`);
  };
  const { values } = readCommandLine(
    argv,
    { stack: "string", layer: "string", part: "string", account: "string", "out-dir": "string" },
    fail,
  );
  if (values.stack === undefined) return fail("--stack is required");
  const layer = values.layer;
  if (layer !== undefined && !(LAYERS as readonly string[]).includes(layer))
    return fail(`--layer is ${layer}; expected one of ${LAYERS.join(", ")}`);
  if (values.part !== undefined && layer === undefined) return fail("--part needs --layer");
  const part = values.part === undefined ? 1 : Number(values.part);
  if (!Number.isInteger(part) || part < 1) return fail(`--part is ${values.part}; expected a whole number from 1`);
  if (values.account !== undefined && !/^\d{12}$/.test(values.account))
    return fail(`--account is ${values.account}; expected a 12-digit AWS account id`);
  return {
    stack: values.stack,
    ...(layer === undefined ? {} : { layer: layer as Layer }),
    part,
    ...(values.account === undefined ? {} : { account: values.account }),
    ...(values["out-dir"] === undefined ? {} : { outDir: values["out-dir"] }),
  };
}

/** What a run printed and its exit code. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The file a layer's n-th policy is written to under `--out-dir`. */
export function policyFile(dir: string, stack: string, layer: Layer, n: number, of: number): string {
  return path.join(dir, `${stack}-${layer}${of > 1 ? `-${n}` : ""}.json`);
}

function summary(plan: Plan, layer: Layer, docs: readonly PolicyDocument[]): string {
  const owner = plan.layers.find((l) => l.layer === layer)?.stack ?? plan.stack;
  const sizes = docs.map((d) => policySize(d)).join(" + ");
  const by = owner === plan.stack ? "" : ` (deployed by stack ${owner}: its policy)`;
  return `${plan.stack} ${layer}${by}: ${docs.length} managed ${docs.length > 1 ? "policies" : "policy"}, ${sizes} characters (at most ${MANAGED_POLICY_MAX_CHARS.value} each)\n`;
}

/**
 * `npm run permissions`: the deploy policies of a stack's layers as IAM
 * policy documents, from its offline plan. With `--layer`, the layer's
 * document alone (its `--part`, when it takes more than one), ready for
 * `aws iam create-policy --policy-document file://...`; without, an object
 * of every layer's documents. `--out-dir` writes one file per document.
 */
export async function permissionsCommand(
  argv: readonly string[],
  plan: (stack: string) => Promise<Plan> = (stack) => runPlan({ stack }),
): Promise<CommandResult> {
  try {
    const args = parsePermissionsArgs(argv);
    const planned = await plan(args.stack);
    const opts = args.account === undefined ? {} : { account: args.account };
    const layers = args.layer === undefined ? [...LAYERS] : [args.layer];
    const docs = new Map(layers.map((l) => [l, layerPolicies(planned, l, opts)] as const));
    const stderr = layers.map((l) => summary(planned, l, docs.get(l) ?? [])).join("");
    if (args.outDir !== undefined) {
      fs.mkdirSync(args.outDir, { recursive: true });
      const written: string[] = [];
      for (const [layer, list] of docs) {
        list.forEach((doc, i) => {
          const file = policyFile(args.outDir as string, args.stack, layer, i + 1, list.length);
          fs.writeFileSync(file, json(doc));
          written.push(file);
        });
      }
      return { stdout: `${written.join("\n")}\n`, stderr, exitCode: 0 };
    }
    if (args.layer !== undefined) {
      const list = docs.get(args.layer) ?? [];
      if (args.part > list.length)
        throw new PermissionsError(`--part is ${args.part}; layer ${args.layer} of ${args.stack} has ${list.length}`);
      const more = list.length > 1 ? `part ${args.part} of ${list.length}: print each with --part <n>, or all with --out-dir\n` : "";
      return { stdout: json(list[args.part - 1]), stderr: stderr + more, exitCode: 0 };
    }
    return { stdout: json(Object.fromEntries(docs)), stderr, exitCode: 0 };
  } catch (err) {
    const message =
      err instanceof PermissionsError || err instanceof PlanError || err instanceof ConfigError
        ? err.message
        : err instanceof Error
          ? (err.stack ?? err.message)
          : String(err);
    return { stdout: "", stderr: `permissions failed: ${message}\n`, exitCode: 1 };
  }
}
