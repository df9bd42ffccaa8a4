import { CommandLine, Flags, readCommandLine } from "../cli";
import { Layer, LAYERS } from "../layers";

/** The four commands of the deploy tool, each an npm script. */
export const COMMANDS = ["deploy", "preview", "destroy", "outputs"] as const;

export type Command = (typeof COMMANDS)[number];

/** A deploy command that cannot run; the message says why and how to fix it. Exits 1. */
export class DeployError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeployError";
  }
}

/** A command line the tool does not understand. Exits 2. */
export class UsageError extends DeployError {
  constructor(message: string, command: Command | undefined) {
    super(`${message}\n${usage(command)}`);
    this.name = "UsageError";
  }
}

/** The parsed command line of `npm run deploy|preview|destroy|outputs`. */
export interface DeployArgs {
  readonly command: Command;
  readonly stack: string;
  /** Only this layer. */
  readonly layer?: Layer;
  /** This layer and the ones after it (in destroy order for destroy). */
  readonly from?: Layer;
  /** destroy: skip the confirmation. */
  readonly yes: boolean;
  /** outputs: show secret values. */
  readonly showSecrets: boolean;
  /** The secrets provider of stacks this run creates (`passphrase` or `awskms://...`). */
  readonly secretsProvider?: string;
}

const USAGES: Readonly<Record<Command, string>> = {
  deploy: "npm run deploy -- --stack <stack> [--layer <layer> | --from <layer>] [--secrets-provider passphrase|awskms://<key>]",
  preview: "npm run preview -- --stack <stack> [--layer <layer> | --from <layer>] [--secrets-provider passphrase|awskms://<key>]",
  destroy: "npm run destroy -- --stack <stack> [--layer <layer> | --from <layer>] [--yes]",
  outputs: "npm run outputs -- --stack <stack> [--layer <layer>] [--show-secrets]",
};

/** The usage line of one command, or of all of them. */
export function usage(command: Command | undefined): string {
  const lines = command === undefined ? COMMANDS.map((c) => USAGES[c]) : [USAGES[command]];
  return `usage: ${lines.join("\n       ")}\nlayers: ${LAYERS.join(", ")}`;
}

/** The flags each command accepts (`--stack` is required by all). */
const ACCEPTS = {
  deploy: { stack: "string", layer: "string", from: "string", "secrets-provider": "string" },
  preview: { stack: "string", layer: "string", from: "string", "secrets-provider": "string" },
  destroy: { stack: "string", layer: "string", from: "string", yes: "boolean" },
  outputs: { stack: "string", layer: "string", "show-secrets": "boolean" },
} as const satisfies Readonly<Record<Command, Flags>>;

/** Every flag of any command: what a command's read may hold. */
type AnyFlags = {
  stack: "string";
  layer: "string";
  from: "string";
  "secrets-provider": "string";
  yes: "boolean";
  "show-secrets": "boolean";
};

/**
 * Parses `<command> --stack S [flags]` (the npm script supplies the command).
 * Throws a `UsageError` naming the offending argument on anything else.
 */
export function parseDeployArgs(argv: readonly string[]): DeployArgs {
  const [first, ...rest] = argv;
  if (!COMMANDS.includes(first as Command)) {
    throw new UsageError(
      `unknown command ${first === undefined ? "(none)" : `"${first}"`}; expected one of ${COMMANDS.join(", ")}`,
      undefined,
    );
  }
  const command = first as Command;
  const fail = (message: string): never => {
    throw new UsageError(message, command);
  };
  const values: Partial<CommandLine<AnyFlags>["values"]> = readCommandLine(rest, ACCEPTS[command], fail).values;
  const stack = values.stack ?? fail("--stack is required");
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(stack) || stack.startsWith(".")) {
    fail(`--stack is "${stack}"; expected a stack name of letters, digits, _ . - (the name in stacks/Pulumi.<stack>.yaml)`);
  }
  const layer = layerFlag(values.layer, "--layer", fail);
  const from = layerFlag(values.from, "--from", fail);
  if (layer !== undefined && from !== undefined) fail("--layer and --from exclude each other");
  const secretsProvider = values["secrets-provider"];
  return {
    command,
    stack,
    layer,
    from,
    yes: values.yes === true,
    showSecrets: values["show-secrets"] === true,
    secretsProvider,
  };
}

function layerFlag(value: string | undefined, flag: "--layer" | "--from", fail: (message: string) => never): Layer | undefined {
  if (value === undefined) return undefined;
  if (!(LAYERS as readonly string[]).includes(value)) fail(`${flag} is "${value}"; expected one of ${LAYERS.join(", ")}`);
  return value as Layer;
}

/**
 * The layers a command runs, in the order it runs them: deployment order
 * (network, data, edge, compute), reversed for destroy; `--layer` keeps one,
 * `--from` keeps that layer and the ones after it.
 */
export function selectLayers(args: Pick<DeployArgs, "command" | "layer" | "from">): readonly Layer[] {
  const order = args.command === "destroy" ? [...LAYERS].reverse() : [...LAYERS];
  if (args.layer !== undefined) return [args.layer];
  if (args.from !== undefined) return order.slice(order.indexOf(args.from));
  return order;
}
