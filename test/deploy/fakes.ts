import { CONTRACTS } from "../../shared/contracts";
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
