import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";
import { ConfigError, findPlaceholders, placeholderFixes, PlatformConfig } from "../config";
import { Layer, layerOwner, ownedLayers } from "../layers";
import { committedStacks, configOf, PlanError, readStackSettings, stackFile } from "../plan/runner";
import { Command, DeployError, parseDeployArgs, selectLayers, UsageError } from "./args";
import { automationStackOps, localWorkspaceApi } from "./automation";
import { StackOps } from "./ops";
import { Confirm, runDestroy, runLayers, runOutputs } from "./orchestrate";
import {
  backendUrl,
  checkAwsCredentials,
  checkOrganization,
  checkPassphrase,
  checkPulumiCli,
  Host,
  needsAwsCredentials,
  nodeHost,
  resolveSecretsProvider,
} from "./prerequisites";

/** Where state goes and how secrets are encrypted, as resolved for one run. */
export interface StateChoice {
  readonly backendUrl: string;
  readonly secretsProvider?: string;
}

/** Everything the command line touches, injectable for tests. */
export interface CliDeps {
  readonly host: Host;
  /** The repository root. */
  readonly repoDir: string;
  /** The committed stack settings (`stacks/`). */
  readonly stacksDir: string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** The terminal prompt; undefined when stdin is not a terminal. */
  readonly confirm?: Confirm;
  /** The layers' stacks, once every prerequisite holds. */
  stackOps(choice: StateChoice): StackOps;
}

/** The repository root. */
export const REPO_DIR = path.resolve(__dirname, "..", "..");

/** Reads one line from `input` after writing `question` to `output`. */
export function askOn(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Confirm {
  return (question) =>
    new Promise((resolve) => {
      const rl = readline.createInterface({ input, output, terminal: false });
      rl.question(question, (answer) => {
        rl.close();
        resolve(answer);
      });
    });
}

/** The real process: stdout/stderr, the terminal prompt when stdin is a TTY, and the Automation API. */
export function productionDeps(): CliDeps {
  return {
    host: nodeHost(),
    repoDir: REPO_DIR,
    stacksDir: path.join(REPO_DIR, "stacks"),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    ...(process.stdin.isTTY === true ? { confirm: askOn(process.stdin, process.stdout) } : {}),
    stackOps: (choice) => automationStackOps({ api: localWorkspaceApi(), repoDir: REPO_DIR, ...choice }),
  };
}

/** Committed settings are copied into four stacks as plain values; an encrypted value there could not be. */
export function rejectSecureSettings(stack: string, settings: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(settings)) {
    if (value.startsWith('{"secure":')) {
      throw new DeployError(
        `${key} in stacks/Pulumi.${stack}.yaml is an encrypted Pulumi secret; the committed settings hold no secrets (each layer's stack encrypts with its own key): ` +
          `keep the secret in AWS Secrets Manager, which the data layer manages, and remove the key`,
      );
    }
  }
}

/**
 * `deploy` and `preview` refuse a stack whose settings still hold placeholder
 * values (an example domain, hosted zone, address or account): AWS would
 * reject them halfway through the run. One message names every key to set.
 * `destroy` and `outputs` are not concerned.
 */
export function rejectPlaceholders(command: Command, stack: string, cfg: PlatformConfig): void {
  if (command !== "deploy" && command !== "preview") return;
  const placeholders = findPlaceholders(cfg);
  if (placeholders.length === 0) return;
  throw new DeployError(
    `stack ${stack} still has placeholder values that AWS would reject halfway through the run, so no layer was started; ` +
      `${placeholderFixes(stack, placeholders)}\nthen ${command} again (\`npm run plan -- --stack ${stack}\` lists what is left)`,
  );
}

/**
 * The selected layers the stack deploys itself. A layer it reads from another
 * stack (`platform:networkStack`, `dataStack`, `edgeStack`: a short-lived
 * environment on a long-lived network) is left to that stack; asked for by
 * name (`--layer`) it is refused, naming the stack that owns it.
 */
export function ownLayers(
  command: Command,
  stack: string,
  cfg: PlatformConfig,
  selected: readonly Layer[],
  asked: Layer | undefined,
): readonly Layer[] {
  const owned = ownedLayers(stack, cfg.upstream);
  if (asked !== undefined && !owned.includes(asked)) {
    const owner = layerOwner(stack, cfg.upstream, asked);
    throw new DeployError(
      `the ${asked} layer of stack ${stack} is stack ${owner}'s (platform:${asked}Stack): run it there, \`npm run ${command} -- --stack ${owner} --layer ${asked}\``,
    );
  }
  return selected.filter((layer) => owned.includes(layer));
}

/**
 * Runs one command line; returns the exit code (0 done, 1 failed, 2 usage).
 * Checks, in order and before any layer starts: the arguments, the stack's
 * settings file, the settings' validity (and, for deploy and preview, that
 * they hold no placeholder), the Pulumi CLI, AWS credentials, the secrets
 * passphrase.
 */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const name = argv[0] ?? "deploy";
  let settingsFile = "the stack's settings file";
  try {
    const args = parseDeployArgs(argv);
    settingsFile = `stacks/Pulumi.${args.stack}.yaml`;
    if (!fs.existsSync(stackFile(args.stack, deps.stacksDir))) {
      throw new DeployError(
        `unknown stack "${args.stack}": there is no stacks/Pulumi.${args.stack}.yaml; committed stacks: ${committedStacks(deps.stacksDir).join(", ")}. ` +
          `Pass one of them to --stack, or commit a settings file for the new stack (start from a copy of an existing one)`,
      );
    }
    const settings = readStackSettings(args.stack, {}, deps.stacksDir);
    rejectSecureSettings(args.stack, settings);
    const cfg = configOf(args.stack, settings);
    rejectPlaceholders(args.command, args.stack, cfg);
    const backend = backendUrl(deps.host.env, deps.repoDir);
    checkOrganization(cfg, backend);
    const cli = checkPulumiCli(deps.host);
    const secretsProvider = resolveSecretsProvider(args.secretsProvider, backend);
    const credentials = needsAwsCredentials(args.command, backend, secretsProvider)
      ? checkAwsCredentials(deps.host, settings)
      : "not needed";
    checkPassphrase(deps.host, secretsProvider);

    deps.out(
      `stack ${args.stack} (system ${cfg.system}, ${cfg.region}); state: ${backend}; secrets: ${secretsProvider ?? "Pulumi Cloud"}; ` +
        `pulumi: ${cli}; AWS credentials: ${credentials}\n`,
    );
    const ctx = { stack: args.stack, settings, cfg, ops: deps.stackOps({ backendUrl: backend, secretsProvider }), out: deps.out };
    const layers = ownLayers(args.command, args.stack, cfg, selectLayers(args), args.layer);
    if (args.command === "deploy" || args.command === "preview") await runLayers(args.command, ctx, layers);
    else if (args.command === "destroy") await runDestroy(ctx, layers, { yes: args.yes, confirm: deps.confirm });
    else await runOutputs(ctx, layers, args.showSecrets);
    return 0;
  } catch (err) {
    const known = err instanceof DeployError || err instanceof PlanError;
    const message =
      err instanceof ConfigError
        ? `invalid settings: ${err.message}; fix it in ${settingsFile}`
        : known
          ? err.message
          : err instanceof Error
            ? (err.stack ?? err.message)
            : String(err);
    deps.err(`${name} failed: ${message}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}
