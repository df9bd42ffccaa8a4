import { Layer } from "../layers";

/** One stack output, as the Automation API reports it. */
export interface StackOutput {
  readonly value: unknown;
  readonly secret: boolean;
}

export type StackOutputs = Readonly<Record<string, StackOutput>>;

/** Resource operations by kind (`create`, `update`, `same`, ...), as Pulumi counts them. */
export type ChangeSummary = Readonly<Record<string, number | undefined>>;

/** Receives the engine's progress output, in chunks. */
export type OutputSink = (chunk: string) => void;

/**
 * What the orchestration needs of the layers' stacks. The Automation API
 * implements it in production (`automationStackOps`); tests use a recording
 * fake. `name` is always the fully qualified `<org>/<project>/<stack>`.
 */
export interface StackOps {
  /** Whether the layer's stack exists in the backend. Never creates it. */
  exists(layer: Layer, name: string): Promise<boolean>;
  /** The outputs of an existing stack (empty once destroyed). */
  outputs(layer: Layer, name: string): Promise<StackOutputs>;
  /** Creates or selects the stack, replaces its config with `settings`, then runs `pulumi up`. */
  up(layer: Layer, name: string, settings: Readonly<Record<string, string>>, onOutput: OutputSink): Promise<ChangeSummary>;
  /** Creates or selects the stack, replaces its config with `settings`, then runs `pulumi preview`. */
  preview(layer: Layer, name: string, settings: Readonly<Record<string, string>>, onOutput: OutputSink): Promise<ChangeSummary>;
  /** Selects the existing stack and runs `pulumi destroy` (the stack and its history stay). */
  destroy(layer: Layer, name: string, onOutput: OutputSink): Promise<ChangeSummary>;
}
