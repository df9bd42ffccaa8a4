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

const SWITCHES = ["--yes", "--show-secrets"] as const;

/** Which flags each command accepts (`--stack` is required by all). */
const ACCEPTS: Readonly<Record<Command, readonly string[]>> = {
  deploy: ["--stack", "--layer", "--from", "--secrets-provider"],
  preview: ["--stack", "--layer", "--from", "--secrets-provider"],
  destroy: ["--stack", "--layer", "--from", "--yes"],
  outputs: ["--stack", "--layer", "--show-secrets"],
};

/**
 * Parses `<command> --stack S [flags]` (the npm script supplies the command).
 * Throws a `UsageError` naming the offending argument on anything else.
 */
export function parseDeployArgs(argv: readonly string[]): DeployArgs {
  const [first, ...rest] = argv;
  if (!COMMANDS.includes(first as Command)) {
    throw new UsageError(`unknown command ${first === undefined ? "(none)" : `"${first}"`}; expected one of ${COMMANDS.join(", ")}`, undefined);
  }
  const command = first as Command;
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (!ACCEPTS[command].includes(flag)) throw new UsageError(`unexpected argument "${flag}"`, command);
    if ((SWITCHES as readonly string[]).includes(flag)) {
      switches.add(flag);
      continue;
    }
    const value = rest[i + 1];
    if (value === undefined || value.startsWith("--")) throw new UsageError(`${flag} needs a value`, command);
    if (values.has(flag)) throw new UsageError(`${flag} is given twice`, command);
    values.set(flag, value);
    i++;
  }
  const stack = values.get("--stack");
  if (stack === undefined) throw new UsageError("--stack is required", command);
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(stack) || stack.startsWith(".")) {
    throw new UsageError(`--stack is "${stack}"; expected a stack name of letters, digits, _ . - (the name in stacks/Pulumi.<stack>.yaml)`, command);
  }
  const layer = layerFlag(values, "--layer", command);
  const from = layerFlag(values, "--from", command);
  if (layer !== undefined && from !== undefined) throw new UsageError("--layer and --from exclude each other", command);
  const secretsProvider = values.get("--secrets-provider");
  return {
    command,
    stack,
    ...(layer === undefined ? {} : { layer }),
    ...(from === undefined ? {} : { from }),
    yes: switches.has("--yes"),
    showSecrets: switches.has("--show-secrets"),
    ...(secretsProvider === undefined ? {} : { secretsProvider }),
  };
}

function layerFlag(values: ReadonlyMap<string, string>, flag: "--layer" | "--from", command: Command): Layer | undefined {
  const value = values.get(flag);
  if (value === undefined) return undefined;
  if (!(LAYERS as readonly string[]).includes(value)) throw new UsageError(`${flag} is "${value}"; expected one of ${LAYERS.join(", ")}`, command);
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
