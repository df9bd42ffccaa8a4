import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlatformConfig } from "../config";
import { Command, DeployError } from "./args";

/** What the prerequisite checks read of the machine: injectable, so tests need no real environment. */
export interface Host {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  /** Separator of PATH entries (`:`, or `;` on Windows). */
  readonly pathDelimiter: string;
  /** Executable names of the Pulumi CLI to look for in each PATH entry. */
  readonly cliNames: readonly string[];
  isFile(file: string): boolean;
  isExecutable(file: string): boolean;
  /** The file's text, or undefined when it cannot be read. */
  readText(file: string): string | undefined;
}

/** The real machine. */
export function nodeHost(): Host {
  return {
    env: process.env,
    homeDir: os.homedir(),
    pathDelimiter: path.delimiter,
    cliNames: process.platform === "win32" ? ["pulumi.exe", "pulumi.cmd"] : ["pulumi"],
    isFile: (file) => fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false,
    isExecutable: (file) => {
      try {
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
      } catch {
        return false;
      }
    },
    readText: (file) => {
      try {
        return fs.readFileSync(file, "utf8");
      } catch {
        return undefined;
      }
    },
  };
}

/** The Pulumi CLI's path on PATH; throws the install instructions when there is none. Runs nothing. */
export function checkPulumiCli(host: Host): string {
  const dirs = (host.env.PATH ?? "").split(host.pathDelimiter).filter((d) => d !== "");
  for (const dir of dirs) {
    for (const name of host.cliNames) {
      const candidate = path.join(dir, name);
      if (host.isExecutable(candidate)) return candidate;
    }
  }
  throw new DeployError(
    "the Pulumi CLI is not on PATH; install it (https://www.pulumi.com/docs/install/, e.g. `curl -fsSL https://get.pulumi.com | sh`), " +
      "open a new shell so PATH includes ~/.pulumi/bin, check with `pulumi version`, and run the command again. " +
      "This tool never downloads the CLI itself.",
  );
}

const CREDENTIALS_FIX =
  "give the shell AWS credentials for the target account: `aws configure` (writes ~/.aws/credentials), " +
  "`aws sso login --profile <p>` then `export AWS_PROFILE=<p>`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; " +
  "on EC2 with an instance profile, set AWS_PROFILE to a profile with `credential_source = Ec2InstanceMetadata` in ~/.aws/config";

/**
 * Where the AWS SDK of the provider will find credentials, checked without
 * network access: environment keys, web identity, ECS container credentials,
 * or a profile in the shared credentials/config files. Returns a description
 * of the source; throws what to do when there is none.
 */
export function checkAwsCredentials(host: Host, settings: Readonly<Record<string, string>>): string {
  const env = host.env;
  const set = (name: string) => (env[name] ?? "") !== "";
  if (set("AWS_ACCESS_KEY_ID")) {
    if (!set("AWS_SECRET_ACCESS_KEY"))
      throw new DeployError(
        `AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; export both (and AWS_SESSION_TOKEN for temporary keys), or ${CREDENTIALS_FIX}`,
      );
    return "environment (AWS_ACCESS_KEY_ID)";
  }
  if (set("AWS_WEB_IDENTITY_TOKEN_FILE")) {
    const token = env.AWS_WEB_IDENTITY_TOKEN_FILE as string;
    if (!host.isFile(token))
      throw new DeployError(
        `AWS_WEB_IDENTITY_TOKEN_FILE is ${token}, which does not exist; point it at the OIDC token file, or ${CREDENTIALS_FIX}`,
      );
    if (!set("AWS_ROLE_ARN"))
      throw new DeployError(
        `AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not; export the ARN of the role to assume with the token`,
      );
    return "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)";
  }
  if (set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") || set("AWS_CONTAINER_CREDENTIALS_FULL_URI"))
    return "container credentials (AWS_CONTAINER_CREDENTIALS_*)";

  const explicit = env.AWS_PROFILE ?? settings["aws:profile"];
  const profile = explicit ?? "default";
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(host.homeDir, ".aws", "credentials");
  const configFile = env.AWS_CONFIG_FILE ?? path.join(host.homeDir, ".aws", "config");
  if (iniSections(host.readText(credentialsFile)).includes(profile)) return `profile "${profile}" in ${credentialsFile}`;
  const configSection = profile === "default" ? "default" : `profile ${profile}`;
  if (iniSections(host.readText(configFile)).includes(configSection)) return `profile "${profile}" in ${configFile}`;
  if (explicit !== undefined) {
    const source = env.AWS_PROFILE === undefined ? "aws:profile in the stack settings" : "AWS_PROFILE";
    throw new DeployError(
      `${source} names the AWS profile "${profile}", which is in neither ${credentialsFile} nor ${configFile}; create it (\`aws configure --profile ${profile}\` or \`aws configure sso --profile ${profile}\`) or use another profile`,
    );
  }
  throw new DeployError(
    `no AWS credentials found (no AWS_ACCESS_KEY_ID, AWS_PROFILE, AWS_WEB_IDENTITY_TOKEN_FILE or container credentials, and no default profile in ${credentialsFile} or ${configFile}); ${CREDENTIALS_FIX}`,
  );
}

/** The `[section]` names of an INI file (empty when there is no file). */
export function iniSections(text: string | undefined): string[] {
  return (text ?? "")
    .split(/\r?\n/)
    .map((line) => /^\s*\[\s*([^\]]+?)\s*\]\s*$/.exec(line)?.[1])
    .filter((s): s is string => s !== undefined);
}

/** The state backend: `PULUMI_BACKEND_URL`, else a file backend in the repository's git-ignored `.pulumi-state/`. */
export function backendUrl(env: Host["env"], repoDir: string): string {
  const url = env.PULUMI_BACKEND_URL ?? "";
  return url !== "" ? url : `file://${path.join(repoDir, ".pulumi-state")}`;
}

/** Pulumi Cloud (or a self-hosted Pulumi service): `https://...`. Everything else is a DIY backend (file, S3, ...). */
export function isCloudBackend(url: string): boolean {
  return /^https?:\/\//.test(url);
}

/**
 * The secrets provider for stacks this run creates: the flag, else the
 * passphrase provider on DIY backends and Pulumi Cloud's own encryption
 * (undefined) on Pulumi Cloud. Only `passphrase` and `awskms://` keys are accepted.
 */
export function resolveSecretsProvider(flag: string | undefined, backend: string): string | undefined {
  if (flag === undefined) return isCloudBackend(backend) ? undefined : "passphrase";
  if (flag === "passphrase" || /^awskms:\/\/.+/.test(flag)) return flag;
  throw new DeployError(
    `--secrets-provider is "${flag}"; expected passphrase or an AWS KMS key such as awskms://alias/pulumi-secrets?region=us-east-1 or awskms:///arn:aws:kms:us-east-1:111122223333:key/<key-id>`,
  );
}

/** With the passphrase provider, Pulumi runs non-interactively only when the passphrase comes from the environment. */
export function checkPassphrase(host: Host, secretsProvider: string | undefined): void {
  if (secretsProvider !== "passphrase") return;
  if (host.env.PULUMI_CONFIG_PASSPHRASE !== undefined) return;
  const file = host.env.PULUMI_CONFIG_PASSPHRASE_FILE;
  if (file !== undefined) {
    if (host.isFile(file)) return;
    throw new DeployError(
      `PULUMI_CONFIG_PASSPHRASE_FILE is ${file}, which does not exist; point it at the file holding the stacks' passphrase`,
    );
  }
  throw new DeployError(
    "the passphrase secrets provider needs the passphrase of the stacks: export PULUMI_CONFIG_PASSPHRASE, or PULUMI_CONFIG_PASSPHRASE_FILE with the path of a file holding it " +
      "(the same passphrase for all four layers, kept in your password manager), or use --secrets-provider awskms://<key>",
  );
}

/**
 * DIY backends (file, S3) know one organization, `organization`; the stack
 * references the layers read are `<platform:organization>/<project>/<stack>`.
 */
export function checkOrganization(cfg: PlatformConfig, backend: string): void {
  if (isCloudBackend(backend) || cfg.upstream.organization === "organization") return;
  throw new DeployError(
    `platform:organization is "${cfg.upstream.organization}", but the backend ${backend} is a DIY backend whose only organization is "organization"; ` +
      `remove platform:organization from the stack's settings, or set PULUMI_BACKEND_URL to your Pulumi Cloud backend`,
  );
}

/** Every command but `outputs` runs the AWS provider; `outputs` needs AWS only to read an S3 backend or to decrypt with KMS. */
export function needsAwsCredentials(command: Command, backend: string, secretsProvider: string | undefined): boolean {
  return command !== "outputs" || backend.startsWith("s3://") || (secretsProvider ?? "").startsWith("awskms://");
}
