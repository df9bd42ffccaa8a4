// The first step of every layer job of .github/workflows/deploy-stack.yml:
// checks, before anything reaches AWS, that the job's GitHub environment
// (`<stack>-<layer>`) carries what the deploy needs, and names every missing
// piece at once as a GitHub error annotation:
//
// - ROLE_ARN, the environment's `<LAYER>_DEPLOY_ROLE_ARN` variable: an IAM
//   role ARN, in one of the stack's `platform:allowedAccountIds` when it sets
//   them (a production stack must not get a development account's role);
// - PULUMI_BACKEND_URL, a shared backend: the file backend would keep the
//   state on the runner, and lose it when the job ends;
// - PULUMI_ACCESS_TOKEN for Pulumi Cloud; for an S3 backend, the secrets
//   provider (PULUMI_SECRETS_PROVIDER, passphrase by default) and, with the
//   passphrase provider, PULUMI_CONFIG_PASSPHRASE (an empty passphrase would
//   be used as the passphrase).
//
//   node -r ./shared/register.js .github/scripts/check-deploy-env.ts --stack S --layer L
import { readCommandLine } from "../../shared/cli";
import { PlatformConfig } from "../../shared/config";
import { Layer, LAYERS } from "../../shared/layers";
import { configOf, readStackSettings } from "../../shared/plan/runner";

/** The variable of a layer's environment that holds its deploy role. */
export function roleVariable(layer: Layer): string {
  return `${layer.toUpperCase()}_DEPLOY_ROLE_ARN`;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]+$/;

/** Every problem of the environment of `layer` of `stack`; none when it can deploy. */
export function deployEnvProblems(
  env: Readonly<Record<string, string | undefined>>,
  stack: string,
  layer: Layer,
  cfg: PlatformConfig,
): string[] {
  const environment = `${stack}-${layer}`;
  const problems: string[] = [];
  const set = (name: string) => (env[name] ?? "") !== "";

  const role = env.ROLE_ARN ?? "";
  const account = ROLE_ARN.exec(role)?.[1];
  if (role === "")
    problems.push(`environment ${environment} has no variable ${roleVariable(layer)}: set it to the ARN of the layer's deploy role`);
  else if (account === undefined) problems.push(`${roleVariable(layer)} of environment ${environment} is "${role}", not an IAM role ARN`);
  else if (cfg.allowedAccountIds.length > 0 && !cfg.allowedAccountIds.includes(account))
    problems.push(
      `${roleVariable(layer)} of environment ${environment} is a role of account ${account}, which is not in platform:allowedAccountIds ` +
        `of stacks/Pulumi.${stack}.yaml (${cfg.allowedAccountIds.join(", ")})`,
    );

  const backend = env.PULUMI_BACKEND_URL ?? "";
  if (backend === "" || backend.startsWith("file://"))
    problems.push(
      `PULUMI_BACKEND_URL is ${backend === "" ? "not set" : `"${backend}"`}: a file backend would keep the state on the runner; ` +
        `set the variable to s3://<bucket>?region=<region> or https://api.pulumi.com`,
    );
  else if (/^https?:\/\//.test(backend)) {
    if (!set("PULUMI_ACCESS_TOKEN")) problems.push(`the backend is ${backend}: set the secret PULUMI_ACCESS_TOKEN`);
  } else {
    const provider = set("PULUMI_SECRETS_PROVIDER") ? (env.PULUMI_SECRETS_PROVIDER as string) : "passphrase";
    if (provider === "passphrase") {
      if (!set("PULUMI_CONFIG_PASSPHRASE"))
        problems.push(
          `the passphrase secrets provider needs the secret PULUMI_CONFIG_PASSPHRASE (the same for the four layers of ${stack}), ` +
            `or set the variable PULUMI_SECRETS_PROVIDER to awskms://<key>`,
        );
    } else if (!provider.startsWith("awskms://"))
      problems.push(`PULUMI_SECRETS_PROVIDER is "${provider}": expected passphrase or awskms://<key>`);
  }
  return problems;
}

export function main(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, out: (line: string) => void): number {
  const fail = (message: string): never => {
    throw new Error(`${message}\nusage: check-deploy-env.ts --stack <stack> --layer <${LAYERS.join("|")}>`);
  };
  const { values } = readCommandLine(argv, { stack: "string", layer: "string" }, fail);
  const stack = values.stack ?? fail("--stack is required");
  const layer = values.layer as Layer;
  if (!LAYERS.includes(layer)) fail(`--layer is ${values.layer === undefined ? "missing" : `"${values.layer}"`}`);
  const problems = deployEnvProblems(env, stack, layer, configOf(stack, readStackSettings(stack)));
  for (const problem of problems) out(`::error title=${stack}-${layer}::${problem}`);
  if (problems.length === 0) out(`environment ${stack}-${layer}: role, backend and secrets are set`);
  return problems.length === 0 ? 0 : 1;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2), process.env, (line) => process.stdout.write(`${line}\n`));
  } catch (err) {
    process.stderr.write(`check-deploy-env: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
