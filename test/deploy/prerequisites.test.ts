import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DeployError } from "../../shared/deploy/args";
import {
  backendUrl,
  checkAwsCredentials,
  checkOrganization,
  checkPassphrase,
  checkPulumiCli,
  iniSections,
  isCloudBackend,
  needsAwsCredentials,
  nodeHost,
  resolveSecretsProvider,
} from "../../shared/deploy/prerequisites";
import { configOf, readStackSettings } from "../../shared/plan/runner";
import { fakeHost } from "./fakes";

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof DeployError) return err.message;
    throw err;
  }
  throw new Error("expected a DeployError");
}

describe("Pulumi CLI check", () => {
  it("finds the first executable pulumi on PATH without running it", () => {
    const host = fakeHost({ env: { PATH: "/usr/bin::/opt/a:/opt/b" }, executables: ["/opt/a/pulumi", "/opt/b/pulumi"] });
    expect(checkPulumiCli(host)).toBe("/opt/a/pulumi");
    expect(
      checkPulumiCli(
        fakeHost({ env: { PATH: "C:\\bin;C:\\pulumi" }, executables: [path.join("C:\\pulumi", "pulumi.cmd")], windows: true }),
      ),
    ).toBe(path.join("C:\\pulumi", "pulumi.cmd"));
  });

  it("says how to install the CLI when PATH has none, or there is no PATH", () => {
    for (const env of [{ PATH: "/usr/bin" }, {}]) {
      expect(message(() => checkPulumiCli(fakeHost({ env })))).toBe(
        "the Pulumi CLI is not on PATH; install it (https://www.pulumi.com/docs/install/, e.g. `curl -fsSL https://get.pulumi.com | sh`), open a new shell so PATH includes ~/.pulumi/bin, " +
          "check with `pulumi version`, and run the command again. This tool never downloads the CLI itself.",
      );
    }
  });
});

describe("AWS credentials check", () => {
  const home = (file: string) => `/home/op/.aws/${file}`;

  it.each([
    [{ AWS_ACCESS_KEY_ID: "AKIA", AWS_SECRET_ACCESS_KEY: "s" }, {}, "environment (AWS_ACCESS_KEY_ID)"],
    [
      { AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/token", AWS_ROLE_ARN: "arn:aws:iam::111122223333:role/deploy" },
      { "/var/run/token": "jwt" },
      "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)",
    ],
    [{ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/x" }, {}, "container credentials (AWS_CONTAINER_CREDENTIALS_*)"],
    [
      { AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://169.254.170.23/v1/credentials" },
      {},
      "container credentials (AWS_CONTAINER_CREDENTIALS_*)",
    ],
    [{}, { [home("credentials")]: "[default]\naws_access_key_id = x\n" }, 'profile "default" in /home/op/.aws/credentials'],
    [{}, { [home("config")]: "[default]\nregion = us-east-1\n" }, 'profile "default" in /home/op/.aws/config'],
    [
      { AWS_PROFILE: "ops" },
      { [home("config")]: "[default]\n[profile ops]\nsso_session = corp\n" },
      'profile "ops" in /home/op/.aws/config',
    ],
    [
      { AWS_PROFILE: "ops", AWS_SHARED_CREDENTIALS_FILE: "/etc/aws/creds" },
      { "/etc/aws/creds": "[ops]\n" },
      'profile "ops" in /etc/aws/creds',
    ],
    [{ AWS_CONFIG_FILE: "/etc/aws/config" }, { "/etc/aws/config": " [ default ] \n" }, 'profile "default" in /etc/aws/config'],
  ])("accepts credentials from %j", (env, files, source) => {
    expect(checkAwsCredentials(fakeHost({ env, files }), {})).toBe(source);
  });

  it("uses the aws:profile of the stack's settings when AWS_PROFILE is not set", () => {
    const host = fakeHost({ files: { [home("config")]: "[profile prod]\n" } });
    expect(checkAwsCredentials(host, { "aws:profile": "prod" })).toBe('profile "prod" in /home/op/.aws/config');
    expect(message(() => checkAwsCredentials(fakeHost(), { "aws:profile": "prod" }))).toContain(
      'aws:profile in the stack settings names the AWS profile "prod"',
    );
  });

  it("names the missing half of an access key pair", () => {
    expect(message(() => checkAwsCredentials(fakeHost({ env: { AWS_ACCESS_KEY_ID: "AKIA" } }), {}))).toMatch(
      /^AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; export both/,
    );
  });

  it("names a web identity token file that does not exist, and a missing role", () => {
    expect(message(() => checkAwsCredentials(fakeHost({ env: { AWS_WEB_IDENTITY_TOKEN_FILE: "/nope" } }), {}))).toMatch(
      /^AWS_WEB_IDENTITY_TOKEN_FILE is \/nope, which does not exist/,
    );
    expect(message(() => checkAwsCredentials(fakeHost({ env: { AWS_WEB_IDENTITY_TOKEN_FILE: "/t" }, files: { "/t": "" } }), {}))).toBe(
      "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not; export the ARN of the role to assume with the token",
    );
  });

  it("names a profile that is in neither file, with the command that creates it", () => {
    const host = fakeHost({ env: { AWS_PROFILE: "ops" }, files: { [home("config")]: "[default]\n[ops]\n" } });
    expect(message(() => checkAwsCredentials(host, {}))).toBe(
      'AWS_PROFILE names the AWS profile "ops", which is in neither /home/op/.aws/credentials nor /home/op/.aws/config; create it (`aws configure --profile ops` or `aws configure sso --profile ops`) or use another profile',
    );
  });

  it("says how to provide credentials when there are none at all (empty variables count as unset)", () => {
    expect(message(() => checkAwsCredentials(fakeHost({ env: { AWS_ACCESS_KEY_ID: "" } }), {}))).toBe(
      "no AWS credentials found (no AWS_ACCESS_KEY_ID, AWS_PROFILE, AWS_WEB_IDENTITY_TOKEN_FILE or container credentials, and no default profile in /home/op/.aws/credentials or /home/op/.aws/config); " +
        "give the shell AWS credentials for the target account: `aws configure` (writes ~/.aws/credentials), `aws sso login --profile <p>` then `export AWS_PROFILE=<p>`, " +
        "or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; on EC2 with an instance profile, set AWS_PROFILE to a profile with `credential_source = Ec2InstanceMetadata` in ~/.aws/config",
    );
  });

  it("reads INI section names, ignoring keys, comments and malformed lines", () => {
    expect(iniSections("# c\n[default]\r\nk = v\n[profile a b]\n[broken\n  [ x ]  \n")).toEqual(["default", "profile a b", "x"]);
    expect(iniSections(undefined)).toEqual([]);
  });
});

describe("backend and secrets provider", () => {
  it("keeps state in the repository's .pulumi-state unless PULUMI_BACKEND_URL is set (an empty value counts as unset)", () => {
    expect(backendUrl({}, "/repo")).toBe("file:///repo/.pulumi-state");
    expect(backendUrl({ PULUMI_BACKEND_URL: "" }, "/repo")).toBe("file:///repo/.pulumi-state");
    expect(backendUrl({ PULUMI_BACKEND_URL: "s3://acme-pulumi-state?region=us-east-1" }, "/repo")).toBe(
      "s3://acme-pulumi-state?region=us-east-1",
    );
    expect(isCloudBackend("https://api.pulumi.com")).toBe(true);
    expect(isCloudBackend("s3://b")).toBe(false);
  });

  it("defaults to the passphrase provider on DIY backends and to Pulumi Cloud's encryption there", () => {
    expect(resolveSecretsProvider(undefined, "file:///repo/.pulumi-state")).toBe("passphrase");
    expect(resolveSecretsProvider(undefined, "s3://b")).toBe("passphrase");
    expect(resolveSecretsProvider(undefined, "https://api.pulumi.com")).toBeUndefined();
    expect(resolveSecretsProvider("awskms://alias/pulumi?region=us-east-1", "s3://b")).toBe("awskms://alias/pulumi?region=us-east-1");
    expect(resolveSecretsProvider("passphrase", "https://api.pulumi.com")).toBe("passphrase");
  });

  it.each(["awskms://", "gcpkms://x", "default", ""])("rejects the secrets provider %j with the accepted forms", (flag) => {
    expect(message(() => resolveSecretsProvider(flag, "s3://b"))).toBe(
      `--secrets-provider is "${flag}"; expected passphrase or an AWS KMS key such as awskms://alias/pulumi-secrets?region=us-east-1 or awskms:///arn:aws:kms:us-east-1:111122223333:key/<key-id>`,
    );
  });

  it("needs the passphrase from PULUMI_CONFIG_PASSPHRASE (even empty) or an existing PULUMI_CONFIG_PASSPHRASE_FILE", () => {
    expect(() => checkPassphrase(fakeHost({ env: { PULUMI_CONFIG_PASSPHRASE: "" } }), "passphrase")).not.toThrow();
    expect(() =>
      checkPassphrase(fakeHost({ env: { PULUMI_CONFIG_PASSPHRASE_FILE: "/p" }, files: { "/p": "x" } }), "passphrase"),
    ).not.toThrow();
    expect(() => checkPassphrase(fakeHost(), "awskms://alias/x")).not.toThrow();
    expect(() => checkPassphrase(fakeHost(), undefined)).not.toThrow();
    expect(message(() => checkPassphrase(fakeHost({ env: { PULUMI_CONFIG_PASSPHRASE_FILE: "/p" } }), "passphrase"))).toBe(
      "PULUMI_CONFIG_PASSPHRASE_FILE is /p, which does not exist; point it at the file holding the stacks' passphrase",
    );
    expect(message(() => checkPassphrase(fakeHost(), "passphrase"))).toBe(
      "the passphrase secrets provider needs the passphrase of the stacks: export PULUMI_CONFIG_PASSPHRASE, or PULUMI_CONFIG_PASSPHRASE_FILE with the path of a file holding it " +
        "(the same passphrase for all four layers, kept in your password manager), or use --secrets-provider awskms://<key>",
    );
  });

  it("accepts a Pulumi Cloud organization only on Pulumi Cloud", () => {
    const acme = configOf("orders-dev", readStackSettings("orders-dev", { organization: "acme" }));
    const plain = configOf("orders-dev", readStackSettings("orders-dev"));
    expect(() => checkOrganization(acme, "https://api.pulumi.com")).not.toThrow();
    expect(() => checkOrganization(plain, "s3://b")).not.toThrow();
    expect(message(() => checkOrganization(acme, "s3://b"))).toBe(
      'platform:organization is "acme", but the backend s3://b is a DIY backend whose only organization is "organization"; remove platform:organization from the stack\'s settings, or set PULUMI_BACKEND_URL to your Pulumi Cloud backend',
    );
  });

  it("asks for AWS credentials for every command but outputs, which needs them only for S3 state or KMS secrets", () => {
    expect(needsAwsCredentials("deploy", "file:///r", "passphrase")).toBe(true);
    expect(needsAwsCredentials("outputs", "file:///r", "passphrase")).toBe(false);
    expect(needsAwsCredentials("outputs", "https://api.pulumi.com", undefined)).toBe(false);
    expect(needsAwsCredentials("outputs", "s3://b", "passphrase")).toBe(true);
    expect(needsAwsCredentials("outputs", "file:///r", "awskms://alias/x")).toBe(true);
  });
});

describe("the real host", () => {
  it("reads files, tells executables from plain files and directories, and misses nothing silently", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-host-"));
    const exe = path.join(dir, "pulumi");
    const text = path.join(dir, "credentials");
    fs.writeFileSync(exe, "#!/bin/sh\n", { mode: 0o755 });
    fs.writeFileSync(text, "[default]\n", { mode: 0o644 });
    const host = nodeHost();
    expect(host.isExecutable(exe)).toBe(true);
    expect(host.isExecutable(text)).toBe(false);
    expect(host.isExecutable(dir)).toBe(false);
    expect(host.isFile(text)).toBe(true);
    expect(host.isFile(dir)).toBe(false);
    expect(host.isFile(path.join(dir, "missing"))).toBe(false);
    expect(host.readText(text)).toBe("[default]\n");
    expect(host.readText(path.join(dir, "missing"))).toBeUndefined();
    expect(host.cliNames).toContain(process.platform === "win32" ? "pulumi.exe" : "pulumi");
    expect(host.homeDir).toBe(os.homedir());
    fs.rmSync(dir, { recursive: true });
  });
});
