import { runEntry } from "../fixtures/entry";
import * as fs from "fs";
import * as path from "path";
import { PassThrough } from "stream";
import { askOn, productionDeps, rejectSecureSettings } from "../../shared/deploy/main";
import { MAX_SUFFIX_LENGTH } from "../../shared/naming";
import { fakeHost, readyHost, RecordingStacks, runDeploy, stackOf, STACKS, stacksWith } from "./fakes";

describe("deploy command", () => {
  it("deploys the four layers with the default local state and passphrase secrets, and says where", async () => {
    const ops = new RecordingStacks();
    const r = await runDeploy(["deploy", "--stack", "orders-dev"], { ops });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(ops.calls).toEqual(["network", "data", "edge", "compute"].map((l) => `up ${stackOf(l as never)}`));
    expect(r.choices).toEqual([{ backendUrl: "file:///repo/.pulumi-state", secretsProvider: "passphrase" }]);
    expect(r.out.split("\n")[0]).toBe(
      "stack orders-dev (system orders, us-east-1); state: file:///repo/.pulumi-state; secrets: passphrase; pulumi: /opt/pulumi/bin/pulumi; AWS credentials: environment (AWS_ACCESS_KEY_ID)",
    );
  });

  it("takes the backend from PULUMI_BACKEND_URL and the KMS key from --secrets-provider", async () => {
    const host = readyHost({ PULUMI_BACKEND_URL: "s3://acme-state", PULUMI_CONFIG_PASSPHRASE: undefined });
    const r = await runDeploy(
      ["preview", "--stack", "orders-dev", "--layer", "network", "--secrets-provider", "awskms://alias/pulumi?region=us-east-1"],
      { host },
    );
    expect(r.code).toBe(0);
    expect(r.choices).toEqual([{ backendUrl: "s3://acme-state", secretsProvider: "awskms://alias/pulumi?region=us-east-1" }]);
  });

  it("leaves the secrets provider to Pulumi Cloud on a Pulumi Cloud backend", async () => {
    const host = readyHost({ PULUMI_BACKEND_URL: "https://api.pulumi.com", PULUMI_CONFIG_PASSPHRASE: undefined });
    const r = await runDeploy(["outputs", "--stack", "orders-dev"], { host, ops: new RecordingStacks(["network"]) });
    expect(r.code).toBe(0);
    expect(r.choices).toEqual([{ backendUrl: "https://api.pulumi.com" }]);
    expect(r.out).toContain("secrets: Pulumi Cloud");
    expect(r.out).toContain('vpcId = "network-vpcId"');
  });

  it("reads outputs of a local state without AWS credentials", async () => {
    const host = readyHost({ AWS_ACCESS_KEY_ID: undefined });
    const r = await runDeploy(["outputs", "--stack", "orders-dev", "--show-secrets"], { host, ops: new RecordingStacks(["data"]) });
    expect(r.code).toBe(0);
    expect(r.out).toContain("AWS credentials: not needed");
    expect(r.out).toContain('masterSecretArn = "data-masterSecretArn"');
  });

  it("destroys with the terminal's confirmation, in reverse order", async () => {
    const ops = new RecordingStacks(["network", "data", "edge", "compute"]);
    const r = await runDeploy(["destroy", "--stack", "orders-dev"], { ops, confirm: async () => "orders-dev" });
    expect(r.code).toBe(0);
    expect(ops.calls).toEqual(["compute", "edge", "data", "network"].map((l) => `destroy ${stackOf(l as never)}`));
  });

  it("refuses a destroy without --yes when there is no terminal, and exits 1", async () => {
    const ops = new RecordingStacks(["compute"]);
    const r = await runDeploy(["destroy", "--stack", "orders-dev", "--layer", "compute"], { ops });
    expect(r.code).toBe(1);
    expect(r.err).toBe("destroy failed: destroy asks for confirmation and stdin is not a terminal; run it in a terminal, or pass --yes\n");
    expect(ops.calls).toEqual([]);
  });

  it("exits 1 with the resume instructions when a layer fails", async () => {
    const ops = new RecordingStacks().fail("up", "edge");
    const r = await runDeploy(["deploy", "--stack", "orders-dev"], { ops });
    expect(r.code).toBe(1);
    expect(r.err).toContain("deploy failed: layer edge failed:");
    expect(r.err).toContain("`npm run deploy -- --stack orders-dev --layer edge`");
  });

  it("reports an unexpected error with its stack trace", async () => {
    const ops = new RecordingStacks();
    ops.exists = () => Promise.reject(new TypeError("boom"));
    const r = await runDeploy(["outputs", "--stack", "orders-dev"], { ops });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^outputs failed: TypeError: boom\n {4}at /);
    ops.exists = () => Promise.reject("plain");
    expect((await runDeploy(["outputs", "--stack", "orders-dev"], { ops })).err).toBe("outputs failed: plain\n");
  });
});

describe("missing prerequisites, each before any layer starts", () => {
  const nothing = fakeHost({ env: { PATH: "/usr/bin" } });

  it("rejects a bad command line first, with exit code 2", async () => {
    const r = await runDeploy([], { host: nothing });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^deploy failed: unknown command \(none\)/);
    expect(r.choices).toEqual([]);
  });

  it("names an unknown stack and lists the committed ones, even without the Pulumi CLI", async () => {
    const r = await runDeploy(["deploy", "--stack", "orders-stg"], { host: nothing });
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'deploy failed: unknown stack "orders-stg": there is no stacks/Pulumi.orders-stg.yaml; committed stacks: catalog-dev, orders-dev, orders-pr-example, orders-prod, payments-dev. Pass one of them to --stack, or commit a settings file for the new stack (start from a copy of an existing one)\n',
    );
  });

  it("shows the settings' validation error, naming the file, even without the Pulumi CLI", async () => {
    const dir = stacksWith("bad", "config:\n  aws:region: us-east-1\n  platform:environmentSuffix: Prod_1\n");
    const r = await runDeploy(["deploy", "--stack", "bad"], { host: nothing, stacksDir: dir });
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `deploy failed: invalid settings: platform:environmentSuffix is "Prod_1"; expected 1 to ${MAX_SUFFIX_LENGTH} lowercase letters, digits and single hyphens, not starting or ending with a hyphen; fix it in stacks/Pulumi.bad.yaml\n`,
    );
    fs.rmSync(dir, { recursive: true });
  });

  it("refuses an encrypted value in the committed settings", async () => {
    const dir = stacksWith(
      "sec",
      "config:\n  aws:region: us-east-1\n  platform:environmentSuffix: sec\n  platform:apiKey:\n    secure: v1:abc\n",
    );
    const r = await runDeploy(["deploy", "--stack", "sec"], { host: nothing, stacksDir: dir });
    expect(r.err).toMatch(
      /^deploy failed: platform:apiKey in stacks\/Pulumi.sec.yaml is an encrypted Pulumi secret; the committed settings hold no secrets/,
    );
    expect(() => rejectSecureSettings("x", { "platform:owner": '{"team":"a"}' })).not.toThrow();
    fs.rmSync(dir, { recursive: true });
  });

  it("refuses a Pulumi Cloud organization on a file backend", async () => {
    const dir = stacksWith("org", "config:\n  aws:region: us-east-1\n  platform:environmentSuffix: org\n  platform:organization: acme\n");
    const r = await runDeploy(["deploy", "--stack", "org"], { host: nothing, stacksDir: dir });
    expect(r.err).toMatch(
      /^deploy failed: platform:organization is "acme", but the backend file:\/\/\/repo\/.pulumi-state is a DIY backend/,
    );
    fs.rmSync(dir, { recursive: true });
  });

  it("says the Pulumi CLI is missing before looking at AWS credentials", async () => {
    const r = await runDeploy(["deploy", "--stack", "orders-dev"], { host: nothing });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^deploy failed: the Pulumi CLI is not on PATH; install it/);
    expect(r.choices).toEqual([]);
  });

  it("says AWS credentials are missing once the CLI is there", async () => {
    const host = fakeHost({ env: { PATH: "/opt/pulumi/bin", PULUMI_CONFIG_PASSPHRASE: "x" }, executables: ["/opt/pulumi/bin/pulumi"] });
    const r = await runDeploy(["deploy", "--stack", "orders-dev"], { host });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^deploy failed: no AWS credentials found/);
    expect(r.choices).toEqual([]);
  });

  it("rejects an unknown secrets provider, and asks for the passphrase last", async () => {
    const bad = await runDeploy(["deploy", "--stack", "orders-dev", "--secrets-provider", "vault://x"]);
    expect(bad.err).toMatch(/^deploy failed: --secrets-provider is "vault:\/\/x"; expected passphrase or an AWS KMS key/);
    const r = await runDeploy(["deploy", "--stack", "orders-dev"], { host: readyHost({ PULUMI_CONFIG_PASSPHRASE: undefined }) });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^deploy failed: the passphrase secrets provider needs the passphrase of the stacks: export PULUMI_CONFIG_PASSPHRASE/,
    );
    expect(r.choices).toEqual([]);
  });
});

describe("the process around the command", () => {
  it("reads the confirmation from a stream", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const asked = askOn(input, output)("Type the stack name: ");
    input.end("orders-dev\n");
    await expect(asked).resolves.toBe("orders-dev");
    expect(String(output.read())).toBe("Type the stack name: ");
  });

  it("wires the real process: repository paths, the terminal prompt only on a TTY, and the Automation API", () => {
    const tty = process.stdin.isTTY;
    try {
      process.stdin.isTTY = false;
      const deps = productionDeps();
      expect(deps.stacksDir).toBe(STACKS);
      expect(fs.existsSync(path.join(deps.repoDir, "package.json"))).toBe(true);
      expect(deps.confirm).toBeUndefined();
      const ops = deps.stackOps({ backendUrl: "file:///nowhere", secretsProvider: "passphrase" });
      expect(Object.keys(ops).sort()).toEqual(["destroy", "exists", "outputs", "preview", "up"]);
      process.stdin.isTTY = true;
      expect(typeof productionDeps().confirm).toBe("function");
      const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
      const writeErr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
      deps.out("o");
      deps.err("e");
      expect(write).toHaveBeenCalledWith("o");
      expect(writeErr).toHaveBeenCalledWith("e");
      write.mockRestore();
      writeErr.mockRestore();
    } finally {
      process.stdin.isTTY = tty;
    }
  });

  it("sets the exit code from the command's result when run as the entry point", async () => {
    const run = await runEntry(() => require("../../shared/deploy/cli"), ["deploy", "--stack", "no-such-stack"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('unknown stack "no-such-stack"');
  });
});
