import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CONTRACTS } from "../../shared/contracts";
import { CliDeps, REPO_DIR, runCli, StateChoice } from "../../shared/deploy/main";
import { Layer, PROJECTS } from "../../shared/layers";
import { ChangeSummary, OutputSink, StackOps, StackOutputs } from "../../shared/deploy/ops";
import { Host } from "../../shared/deploy/prerequisites";

/** The outputs a deployed layer exports: every key of its contract; the data layer's secret ARN is a secret. */
export function contractOutputs(layer: Layer): Record<string, { value: unknown; secret: boolean }> {
  if (layer === "compute") return { serviceName: { value: "orders-api-dev", secret: false } };
  return Object.fromEntries(
    Object.keys(CONTRACTS[layer].keys).map((key) => [key, { value: `${layer}-${key}`, secret: key === "masterSecretArn" }]),
  );
}

/** `organization/<project>/<stack>`. */
export function stackOf(layer: Layer, stack = "orders-dev"): string {
  return `organization/${PROJECTS[layer]}/${stack}`;
}

/**
 * A recording `StackOps`: keeps stacks and their outputs in memory, records
 * every up/preview/destroy with the settings it got, streams a little
 * progress (with a partial last line), and fails where told.
 */
export class RecordingStacks implements StackOps {
  readonly calls: string[] = [];
  readonly settings = new Map<string, Readonly<Record<string, string>>>();
  readonly stacks = new Map<string, Record<string, { value: unknown; secret: boolean }>>();
  private readonly failures = new Map<string, string>();

  /** Stacks already deployed (full contract outputs), for `stack` (default orders-dev). */
  constructor(deployed: readonly Layer[] = [], stack = "orders-dev") {
    for (const layer of deployed) this.stacks.set(stackOf(layer, stack), contractOutputs(layer));
  }

  /** Makes `op` of `layer` throw a CLI-like error. */
  fail(op: "up" | "preview" | "destroy", layer: Layer): this {
    this.failures.set(`${op} ${layer}`, `Command failed with exit code 255: pulumi ${op} --yes\nstderr: error: ${layer} broke`);
    return this;
  }

  async exists(_layer: Layer, name: string): Promise<boolean> {
    return this.stacks.has(name);
  }

  async outputs(_layer: Layer, name: string): Promise<StackOutputs> {
    const outputs = this.stacks.get(name);
    if (!outputs) throw new Error(`no stack ${name}`);
    return outputs;
  }

  async up(layer: Layer, name: string, settings: Readonly<Record<string, string>>, onOutput: OutputSink): Promise<ChangeSummary> {
    this.run("up", layer, name, onOutput);
    this.settings.set(name, settings);
    this.stacks.set(name, contractOutputs(layer));
    return { create: 3, same: 1 };
  }

  async preview(layer: Layer, name: string, settings: Readonly<Record<string, string>>, onOutput: OutputSink): Promise<ChangeSummary> {
    this.run("preview", layer, name, onOutput);
    this.settings.set(name, settings);
    if (!this.stacks.has(name)) this.stacks.set(name, {});
    return { create: 5 };
  }

  async destroy(layer: Layer, name: string, onOutput: OutputSink): Promise<ChangeSummary> {
    this.run("destroy", layer, name, onOutput);
    this.stacks.set(name, {});
    return { delete: 4 };
  }

  private run(op: string, layer: Layer, name: string, onOutput: OutputSink): void {
    this.calls.push(`${op} ${name}`);
    onOutput(`${op} of ${name}\n  step one\n  partial`);
    const failure = this.failures.get(`${op} ${layer}`);
    if (failure !== undefined) throw new Error(failure);
    onOutput(" line done\n");
  }
}

/** A machine for the prerequisite checks: files by path, executables by path, an environment. */
export function fakeHost(
  opts: { env?: Record<string, string | undefined>; files?: Record<string, string>; executables?: string[]; windows?: boolean } = {},
): Host {
  const files = opts.files ?? {};
  const executables = new Set(opts.executables ?? []);
  return {
    env: opts.env ?? {},
    homeDir: "/home/op",
    pathDelimiter: opts.windows === true ? ";" : ":",
    cliNames: opts.windows === true ? ["pulumi.exe", "pulumi.cmd"] : ["pulumi"],
    isFile: (file) => file in files,
    isExecutable: (file) => executables.has(file),
    readText: (file) => files[file],
  };
}

/** A host where everything needed is present: the CLI, AWS keys, the passphrase. */
export function readyHost(extra: Record<string, string | undefined> = {}): Host {
  return fakeHost({
    env: {
      PATH: "/usr/bin:/opt/pulumi/bin",
      AWS_ACCESS_KEY_ID: "AKIAEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "example",
      PULUMI_CONFIG_PASSPHRASE: "example",
      ...extra,
    },
    executables: ["/opt/pulumi/bin/pulumi"],
  });
}

/** The repository's committed stack settings. */
export const STACKS = path.join(REPO_DIR, "stacks");

/** What one command line of the deploy tool did: its exit code, its output and the state backends it chose. */
export interface Run {
  code: number;
  out: string;
  err: string;
  choices: StateChoice[];
}

/** Runs one command line of the deploy tool against a fake host and recording stacks (a fresh `RecordingStacks` unless given). */
export async function runDeploy(
  argv: string[],
  opts: { host?: Host; ops?: StackOps; stacksDir?: string; confirm?: CliDeps["confirm"] } = {},
): Promise<Run> {
  let out = "";
  let err = "";
  const choices: StateChoice[] = [];
  const deps: CliDeps = {
    host: opts.host ?? readyHost(),
    repoDir: "/repo",
    stacksDir: opts.stacksDir ?? STACKS,
    out: (t) => (out += t),
    err: (t) => (err += t),
    confirm: opts.confirm,
    stackOps: (choice) => {
      choices.push(choice);
      return opts.ops ?? new RecordingStacks();
    },
  };
  const code = await runCli(argv, deps);
  return { code, out, err, choices };
}

/** A stacks folder with one settings file. */
export function stacksWith(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-stacks-"));
  fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), text);
  return dir;
}
