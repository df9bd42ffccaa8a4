import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PolicyDocument } from "../../shared/iam";
import { permissionsCommand, parsePermissionsArgs } from "../../shared/permissions/command";
import { policySize } from "../../shared/permissions/evaluate";
import { familyPattern, layerContext, layerPolicies, layerPolicy, PRINCIPAL_ACCOUNT } from "../../shared/permissions/policy";
import type { Plan } from "../../shared/plan/runner";
import { runEntry } from "../fixtures/entry";
import { planStack } from "../harness";

let dev: Plan;
let prod: Plan;
beforeAll(async () => {
  dev = await planStack("orders-dev");
  prod = await planStack("orders-prod");
});
const planned = (stack: string) => Promise.resolve(stack === "orders-prod" ? prod : dev);
const run = (...argv: string[]) => permissionsCommand(argv, planned);

describe("npm run permissions", () => {
  it("prints one layer's policy document, ready for aws iam create-policy", async () => {
    const r = await run("--stack", "orders-dev", "--layer", "network");
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as PolicyDocument;
    expect(doc).toEqual(layerPolicy(dev, "network"));
    expect(doc.Version).toBe("2012-10-17");
    expect(r.stdout).toContain(PRINCIPAL_ACCOUNT);
    expect(r.stderr).toBe(`orders-dev network: 1 managed policy, ${policySize(doc)} characters (at most 6144 each)\n`);
  });

  it("prints each part of a layer whose policy takes more than one", async () => {
    const parts = layerPolicies(prod, "compute");
    expect(parts.length).toBe(2);
    const first = await run("--stack", "orders-prod", "--layer", "compute");
    expect(JSON.parse(first.stdout)).toEqual(parts[0]);
    expect(first.stderr).toContain("part 1 of 2: print each with --part <n>, or all with --out-dir");
    const second = await run("--stack", "orders-prod", "--layer", "compute", "--part", "2");
    expect(JSON.parse(second.stdout)).toEqual(parts[1]);
    const third = await run("--stack", "orders-prod", "--layer", "compute", "--part", "3");
    expect(third).toEqual({ stdout: "", stderr: "permissions failed: --part is 3; layer compute of orders-prod has 2\n", exitCode: 1 });
  });

  it("prints every layer's documents keyed by layer without --layer, in the given account", async () => {
    const r = await run("--stack", "orders-dev", "--account", "210987654321");
    const all = JSON.parse(r.stdout) as Record<string, PolicyDocument[]>;
    expect(Object.keys(all)).toEqual(["network", "data", "edge", "compute"]);
    expect(r.stdout).not.toContain(PRINCIPAL_ACCOUNT);
    expect(r.stdout).toContain(":210987654321:");
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(4);
  });

  it("writes one file per document with --out-dir", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "permissions-"));
    const r = await run("--stack", "orders-prod", "--out-dir", dir);
    expect(r.exitCode).toBe(0);
    const files = r.stdout
      .trim()
      .split("\n")
      .map((f) => path.basename(f));
    expect(files).toEqual(expect.arrayContaining(["orders-prod-network.json", "orders-prod-compute-1.json", "orders-prod-compute-2.json"]));
    expect(JSON.parse(fs.readFileSync(path.join(dir, "orders-prod-network.json"), "utf8"))).toEqual(layerPolicy(prod, "network"));
  });

  it("says which stack deploys a layer a short-lived environment reads", async () => {
    const pr = await planStack("orders-pr-example");
    const r = await permissionsCommand(["--stack", "orders-pr-example", "--layer", "data"], () => Promise.resolve(pr));
    expect(r.stderr).toMatch(/^orders-pr-example data \(deployed by stack orders-dev: its policy\)/);
  });

  it("fails with the usage on a wrong command line", async () => {
    const cases: [string[], string][] = [
      [[], "--stack is required"],
      [["--stack", "orders-dev", "--layer", "web"], "--layer is web; expected one of network, data, edge, compute"],
      [["--stack", "orders-dev", "--part", "2"], "--part needs --layer"],
      [["--stack", "orders-dev", "--layer", "edge", "--part", "0"], "--part is 0; expected a whole number from 1"],
      [["--stack", "orders-dev", "--account", "12"], "--account is 12; expected a 12-digit AWS account id"],
      [["--stack", "orders-dev", "extra"], 'unexpected argument "extra"'],
    ];
    for (const [argv, message] of cases) {
      const r = await run(...argv);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(`permissions failed: ${message}; usage: npm run permissions -- --stack <stack>`);
    }
    expect(parsePermissionsArgs(["--stack", "s", "--layer", "data", "--part", "2"])).toEqual({ stack: "s", layer: "data", part: 2 });
  });

  it("reports an unexpected failure with its stack, and a non-error as it is", async () => {
    const boom = await permissionsCommand(["--stack", "x"], () => Promise.reject(new Error("boom")));
    expect(boom.stderr).toMatch(/^permissions failed: Error: boom\n\s+at /);
    const odd = await permissionsCommand(["--stack", "x"], () => Promise.reject("odd"));
    expect(odd.stderr).toBe("permissions failed: odd\n");
  });

  it("runs as a command, and fails on a stack without settings", async () => {
    const r = await runEntry(() => require("../../shared/permissions/cli"), ["--stack", "no-such-stack"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('permissions failed: no settings for stack "no-such-stack"');
  });
});

describe("the policy of a layer", () => {
  it("widens a physical name to <system>-*-<suffix>, and SSM parameters to their path", () => {
    expect(familyPattern("arn:aws:logs:r:a:log-group:orders-api-logs-dev", "orders", "dev")).toBe(
      "arn:aws:logs:r:a:log-group:orders-*-dev",
    );
    expect(familyPattern("arn:aws:ecs:r:a:service/orders-cluster-dev/orders-api-dev", "orders", "dev")).toBe(
      "arn:aws:ecs:r:a:service/orders-*-dev/orders-*-dev",
    );
    expect(familyPattern("arn:aws:ssm:r:a:parameter/orders/dev/db-name", "orders", "dev")).toBe("arn:aws:ssm:r:a:parameter/orders/dev/*");
    expect(familyPattern("arn:aws:s3:::orders-alb-logs-dev-us-east-1-*", "orders", "dev")).toBe("arn:aws:s3:::orders-*-dev-us-east-1-*");
    expect(familyPattern("arn:aws:ec2:r:a:vpc/*", "orders", "dev")).toBeUndefined();
    expect(familyPattern("arn:aws:iam::a:role/orders-api-devx", "orders", "dev")).toBeUndefined();
  });

  it("keeps a resource's exact name where its family would take in another layer's", () => {
    const compute = layerPolicy(dev, "compute");
    const logs = compute.Statement.flatMap((s) => [s.Resource ?? []].flat()).filter((r) => r.includes(":log-group:"));
    // The network layer's flow log group is orders-vpc-flow-logs-dev: orders-*-dev would take it in.
    expect(logs).toEqual(expect.arrayContaining([expect.stringMatching(/:log-group:orders-api-logs-dev$/)]));
    expect(logs.some((r) => r.includes("orders-*-dev"))).toBe(false);
    const repo = compute.Statement.flatMap((s) => [s.Resource ?? []].flat()).filter((r) => r.includes(":repository/"));
    expect(repo).toEqual([`arn:aws:ecr:us-east-1:${PRINCIPAL_ACCOUNT}:repository/orders-*-dev`]);
  });

  it("splits statements into several documents under a smaller limit, and fails on a statement alone over it", () => {
    const whole = layerPolicy(dev, "network", { perService: true });
    const parts = layerPolicies(dev, "network", {}, 2500);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flatMap((p) => p.Statement)).toEqual(whole.Statement);
    for (const p of parts) expect(policySize(p)).toBeLessThanOrEqual(2500);
    expect(() => layerPolicies(dev, "network", {}, 100)).toThrow(/alone exceeds 100 characters/);
  });

  it("fails on a plan without the layer, a layer without its provider, and an action without an ARN of its service", () => {
    const network = dev.layers[0];
    expect(() => layerPolicy({ ...dev, layers: [network] }, "compute")).toThrow(/the plan of orders-dev has no layer compute/);
    const bare = { ...network, resources: network.resources.filter((r) => r.type !== "pulumi:providers:aws") };
    expect(() => layerContext(bare)).toThrow(/layer network has no AWS provider/);
    const provider = network.resources.find((r) => r.type === "pulumi:providers:aws");
    const untagged = { ...network, resources: [{ ...provider, inputs: { region: "us-east-1", defaultTags: { tags: {} } } } as never] };
    expect(() => layerContext(untagged)).toThrow(/no region or System and EnvironmentSuffix tags/);
    // An invocation names its function; a rule target without its rule cannot.
    const target = { ...network.resources[0], type: "aws:lambda/permission:Permission", inputs: { function: "f" } };
    const odd = {
      ...network,
      resources: [
        ...network.resources,
        {
          ...target,
          type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
          inputs: { resourceArn: "arn:aws:wafv2:r:1:regional/webacl/x/y" },
        },
      ],
    };
    expect(layerPolicy({ ...dev, layers: [odd] }, "network").Statement.length).toBeGreaterThan(0);
  });
});
