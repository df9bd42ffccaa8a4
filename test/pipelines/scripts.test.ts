import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { deployEnvProblems, main, roleVariable } from "../../.github/scripts/check-deploy-env";
import { PlatformConfig } from "../../shared/config";
import { committedStacks, configOf, readStackSettings } from "../../shared/plan/runner";

const ROOT = path.resolve(__dirname, "..", "..");
const ROLE = "arn:aws:iam::111122223333:role/platform-deploy-network";
const S3 = { ROLE_ARN: ROLE, PULUMI_BACKEND_URL: "s3://acme-pulumi-state?region=us-east-1", PULUMI_CONFIG_PASSPHRASE: "correct horse" };

const ordersDev = configOf("orders-dev", readStackSettings("orders-dev"));
const withAccounts: PlatformConfig = { ...ordersDev, allowedAccountIds: ["444455556666"] };

describe("the check of a layer's environment before a deploy", () => {
  it("passes an environment with a role, an S3 backend and the passphrase, or Pulumi Cloud and its token, or a KMS key", () => {
    expect(deployEnvProblems(S3, "orders-dev", "network", ordersDev)).toEqual([]);
    expect(
      deployEnvProblems(
        { ROLE_ARN: ROLE, PULUMI_BACKEND_URL: "https://api.pulumi.com", PULUMI_ACCESS_TOKEN: "pul-x" },
        "orders-dev",
        "data",
        ordersDev,
      ),
    ).toEqual([]);
    expect(
      deployEnvProblems(
        { ...S3, PULUMI_CONFIG_PASSPHRASE: "", PULUMI_SECRETS_PROVIDER: "awskms://alias/pulumi?region=us-east-1" },
        "orders-dev",
        "edge",
        ordersDev,
      ),
    ).toEqual([]);
  });

  it("names the layer's role variable when the environment lacks it or holds something else", () => {
    expect(roleVariable("compute")).toBe("COMPUTE_DEPLOY_ROLE_ARN");
    expect(deployEnvProblems({ ...S3, ROLE_ARN: "" }, "orders-dev", "compute", ordersDev)).toEqual([
      "environment orders-dev-compute has no variable COMPUTE_DEPLOY_ROLE_ARN: set it to the ARN of the layer's deploy role",
    ]);
    expect(deployEnvProblems({ ...S3, ROLE_ARN: "platform-deploy" }, "orders-dev", "compute", ordersDev)).toEqual([
      'COMPUTE_DEPLOY_ROLE_ARN of environment orders-dev-compute is "platform-deploy", not an IAM role ARN',
    ]);
  });

  it("refuses a role of an account the stack does not allow", () => {
    expect(deployEnvProblems(S3, "orders-prod", "network", withAccounts)).toEqual([
      "NETWORK_DEPLOY_ROLE_ARN of environment orders-prod-network is a role of account 111122223333, which is not in platform:allowedAccountIds of stacks/Pulumi.orders-prod.yaml (444455556666)",
    ]);
    expect(deployEnvProblems({ ...S3, ROLE_ARN: "arn:aws:iam::444455556666:role/deploy" }, "orders-prod", "network", withAccounts)).toEqual(
      [],
    );
  });

  it("refuses the file backend, which would keep the state on the runner", () => {
    for (const backend of [undefined, "", "file:///tmp/state"]) {
      const [problem] = deployEnvProblems({ ...S3, PULUMI_BACKEND_URL: backend }, "orders-dev", "network", ordersDev);
      expect(problem).toMatch(
        /^PULUMI_BACKEND_URL is (not set|"file:\/\/\/tmp\/state"): a file backend would keep the state on the runner/,
      );
    }
  });

  it("refuses an empty passphrase, which Pulumi would take as the passphrase, a missing token and an unknown provider", () => {
    expect(deployEnvProblems({ ...S3, PULUMI_CONFIG_PASSPHRASE: "" }, "orders-dev", "data", ordersDev)).toEqual([
      "the passphrase secrets provider needs the secret PULUMI_CONFIG_PASSPHRASE (the same for the four layers of orders-dev), or set the variable PULUMI_SECRETS_PROVIDER to awskms://<key>",
    ]);
    expect(deployEnvProblems({ ROLE_ARN: ROLE, PULUMI_BACKEND_URL: "https://api.pulumi.com" }, "orders-dev", "data", ordersDev)).toEqual([
      "the backend is https://api.pulumi.com: set the secret PULUMI_ACCESS_TOKEN",
    ]);
    expect(deployEnvProblems({ ...S3, PULUMI_SECRETS_PROVIDER: "gcpkms://x" }, "orders-dev", "data", ordersDev)).toEqual([
      'PULUMI_SECRETS_PROVIDER is "gcpkms://x": expected passphrase or awskms://<key>',
    ]);
  });

  it("prints every problem as a GitHub error annotation and fails, from the committed settings", () => {
    const lines: string[] = [];
    expect(main(["--stack", "orders-dev", "--layer", "edge"], {}, (l) => lines.push(l))).toBe(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      "::error title=orders-dev-edge::environment orders-dev-edge has no variable EDGE_DEPLOY_ROLE_ARN: set it to the ARN of the layer's deploy role",
    );
    lines.length = 0;
    expect(main(["--stack", "orders-dev", "--layer", "edge"], S3, (l) => lines.push(l))).toBe(0);
    expect(lines).toEqual(["environment orders-dev-edge: role, backend and secrets are set"]);
    expect(() => main(["--stack", "orders-dev", "--layer", "database"], S3, () => undefined)).toThrow('--layer is "database"');
    expect(() => main(["--layer", "edge"], S3, () => undefined)).toThrow("--stack is required");
  });
});

describe("the pull request's report (.github/scripts/changes-comment.sh)", () => {
  const SCRIPT = path.join(ROOT, ".github", "scripts", "changes-comment.sh");
  let dir: string;

  /** Runs the script with `npm` replaced by a stand-in that prints `line` repeated `times` for each stack, and fails for `failing`. */
  function run(env: Record<string, string>, opts: { failing?: string; times?: number } = {}) {
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(
      path.join(bin, "npm"),
      `#!/usr/bin/env bash
# npm run -s changes -- --stack <stack> --base <base>
stack=$6
for i in $(seq ${opts.times ?? 1}); do echo "changes of $stack against $8: compute 1 update"; done
[ "$stack" != "${opts.failing ?? ""}" ] || { echo "boom" >&2; exit 3; }
`,
      { mode: 0o755 },
    );
    return spawnSync("bash", [SCRIPT], {
      encoding: "utf8",
      env: { PATH: `${bin}:${process.env.PATH}`, HOME: dir, ...env },
    });
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "changes-comment-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("folds each committed stack's report into one Markdown comment that starts with its marker", () => {
    const result = run({ BASE: "origin/main" });
    expect(result.status).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe("<!-- platform-changes -->");
    expect(lines[1]).toBe("### `npm run changes` against `origin/main`");
    for (const stack of committedStacks()) {
      expect(result.stdout).toContain(
        `<details><summary><b>${stack}</b></summary>\n\n\`\`\`\`text\nchanges of ${stack} against origin/main`,
      );
    }
  });

  it("names a stack whose report failed, keeps the others, and fails after writing the report", () => {
    const result = run({ BASE: "origin/main" }, { failing: "orders-prod" });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("<b>orders-prod: npm run changes failed (exit 3)</b>");
    expect(result.stdout).toContain("<b>payments-dev</b>");
    expect(result.stderr).toContain("npm run changes failed for: orders-prod");
  });

  it("writes the step output and the run summary, cutting the comment to GitHub's size", () => {
    const output = path.join(dir, "output");
    const summary = path.join(dir, "summary");
    const result = run(
      { BASE: "origin/main", GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, RUN_URL: "https://example.test/run/1" },
      { times: 500 },
    );
    expect(result.status).toBe(0);
    const full = fs.readFileSync(summary, "utf8");
    expect(full.length).toBeGreaterThan(100_000);
    const out = fs.readFileSync(output, "utf8");
    const [, delimiter] = /^comment<<(EOF_[0-9a-f]{24})\n/.exec(out) ?? [];
    expect(delimiter).toBeDefined();
    const comment = out.slice(out.indexOf("\n") + 1, out.lastIndexOf(`\n${delimiter}`));
    expect(comment.length).toBeLessThan(61_000);
    expect(comment.startsWith("<!-- platform-changes -->\n")).toBe(true);
    expect(comment).toMatch(/Cut to fit a comment: the whole report is in the summary of https:\/\/example.test\/run\/1$/);
  });

  it("needs the base to compare with", () => {
    const result = run({});
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("BASE is the git ref to compare with");
  });
});
