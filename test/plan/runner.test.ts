import { COMPUTED_KEYS } from "../../shared/plan/capture";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { CONTRACTS } from "../../shared/contracts";
import { LAYERS } from "../../shared/layers";
import { readableValue } from "../../shared/plan/capture";
import { parsePlanArgs } from "../../shared/plan/cli-args";
import { LayerProgram, Plan, PlanError, committedStacks, readStackSettings, runPlan, STACKS_DIR } from "../../shared/plan/runner";
import { formatPlan } from "../../shared/plan/summary";
import { syncReference } from "../../shared/config/reference";
import { ROOT } from "../fixtures/run";
import { layerOf, planStack } from "../harness";

let dev: Plan;
let prod: Plan;
beforeAll(async () => {
  dev = await runPlan({ stack: "orders-dev" });
  prod = await runPlan({ stack: "orders-prod" });
});

describe("the offline plan", () => {
  it("plans the committed stacks in-process exactly as the cached plans the other test files read", async () => {
    expect(JSON.parse(JSON.stringify(dev))).toEqual(await planStack("orders-dev"));
    expect(JSON.parse(JSON.stringify(prod))).toEqual(await planStack("orders-prod"));
  });

  it("stops after the layer asked for", async () => {
    const plan = await runPlan({ stack: "orders-dev", until: "data" });
    expect(plan.layers.map((l) => l.layer)).toEqual(["network", "data"]);
  });

  it("runs the four layers in deployment order, each as its own project of the same stack", () => {
    expect(dev.stack).toBe("orders-dev");
    expect(dev.system).toBe("orders");
    expect(dev.layers.map((l) => [l.layer, l.project, l.stack])).toEqual([
      ["network", "platform-network", "orders-dev"],
      ["data", "platform-data", "orders-dev"],
      ["edge", "platform-edge", "orders-dev"],
      ["compute", "platform-compute", "orders-dev"],
    ]);
  });

  it("feeds each layer's outputs to the stack references of the layers above it", () => {
    const refs = (layer: (typeof LAYERS)[number]) =>
      layerOf(dev, layer)
        .resources.filter((r) => r.type === "pulumi:pulumi:StackReference")
        .map((r) => r.inputs.name)
        .sort();
    expect(refs("network")).toEqual([]);
    expect(refs("data")).toEqual(["organization/platform-network/orders-dev"]);
    expect(refs("edge")).toEqual(["organization/platform-data/orders-dev", "organization/platform-network/orders-dev"]);
    expect(refs("compute")).toEqual([
      "organization/platform-data/orders-dev",
      "organization/platform-edge/orders-dev",
      "organization/platform-network/orders-dev",
    ]);
    expect(layerOf(dev, "data").outputs.system).toBe(layerOf(dev, "network").outputs.system);
  });

  it("records every resource with its URN, type, logical name, parent, kind, resolved inputs, dependencies, ignored changes and replacement trigger, and a provider resource's id and addresses", () => {
    for (const layer of dev.layers) {
      for (const r of layer.resources) {
        expect(r.urn).toMatch(new RegExp(`^urn:pulumi:orders-dev::${layer.project}::`));
        const joined = r.custom && !r.type.startsWith("pulumi:") ? ["computed", "id"] : [];
        expect(Object.keys(r).sort()).toEqual(
          [...joined, "custom", "dependencies", "ignoreChanges", "inputs", "name", "parent", "replacementTrigger", "type", "urn"].sort(),
        );
        for (const key of Object.keys(r.computed ?? {})) expect(COMPUTED_KEYS).toContain(key);
        if (r.parent !== null) expect(layer.resources.map((p) => p.urn)).toContain(r.parent);
      }
    }
    const stackRoots = dev.layers.map((l) => l.resources.filter((r) => r.parent === null).map((r) => r.type));
    for (const roots of stackRoots) expect(roots).toEqual(["pulumi:pulumi:Stack"]);
  });

  it("exports every required key of each layer's contract, and nothing outside it", () => {
    for (const layer of dev.layers) {
      if (layer.layer === "compute") continue;
      const keys = CONTRACTS[layer.layer].keys;
      const required = Object.entries(keys)
        .filter(([, p]) => p === "required")
        .map(([k]) => k);
      expect(Object.keys(layer.outputs)).toEqual(expect.arrayContaining(required));
      for (const key of Object.keys(layer.outputs)) expect(keys).toHaveProperty(key);
    }
  });

  it("gives mocked resources ids and ARNs that look like AWS's: service, region and a 12-digit account", () => {
    const network = layerOf(dev, "network").outputs;
    expect(network.vpcId).toMatch(/^vpc-0[0-9a-f]{16}$/);
    expect(network.serviceSecurityGroupId).toMatch(/^sg-0[0-9a-f]{16}$/);
    for (const id of network.privateSubnetIds as string[]) expect(id).toMatch(/^subnet-0[0-9a-z]{16}$/);
    expect(new Set(network.publicSubnetIds as string[]).size).toBe(3);
    expect(network.publicSubnetIds).not.toEqual(network.privateSubnetIds);
  });

  it("applies --set overrides to every layer", async () => {
    const plan = await planStack("orders-dev", { environmentSuffix: "pr-7" });
    for (const layer of plan.layers) expect(layer.outputs.environmentSuffix).toBe("pr-7");
  });

  it("fails naming the missing output when a layer reads one its upstream lacks, before that layer registers anything", async () => {
    const real = require("../../stacks/network") as LayerProgram;
    const withoutVpcId: LayerProgram = async () => {
      const { vpcId, ...rest } = await real();
      return rest;
    };
    await expect(
      runPlan({
        stack: "orders-dev",
        load: (layer) => (layer === "network" ? withoutVpcId : (require(`../stacks/${layer}`) as LayerProgram)),
      }),
    ).rejects.toThrow(new PlanError('layer data reads output "vpcId" that stack organization/platform-network/orders-dev does not export'));
  });

  it("fails on a stack that has no committed settings, listing the ones that do", async () => {
    await expect(planStack("nope")).rejects.toThrow(
      /no settings for stack "nope": stacks\/Pulumi\.nope\.yaml does not exist; committed stacks: catalog-dev, orders-dev, orders-pr-example, orders-prod, payments-dev/,
    );
  });

  it("reads committed settings as Pulumi hands them to programs: strings, with lists as JSON", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
    fs.writeFileSync(
      path.join(dir, "Pulumi.t.yaml"),
      "config:\n  platform:minTasks: 2\n  platform:testListenerCidrs:\n    - 10.0.0.0/8\n  aws:region: us-west-2\n",
    );
    fs.writeFileSync(path.join(dir, "Pulumi.empty.yaml"), "");
    expect(readStackSettings("t", { natGateways: "single" }, dir)).toEqual({
      "platform:minTasks": "2",
      "platform:testListenerCidrs": '["10.0.0.0/8"]',
      "aws:region": "us-west-2",
      "platform:natGateways": "single",
    });
    expect(readStackSettings("empty", {}, dir)).toEqual({});
    expect(committedStacks(dir)).toEqual(["empty", "t"]);
    expect(committedStacks(STACKS_DIR)).toEqual(expect.arrayContaining(["orders-dev", "orders-prod"]));
  });

  it("summarises each layer: resources by type, the stacks it reads, its outputs", () => {
    const text = formatPlan(dev);
    expect(text).toContain("plan of stack orders-dev (system orders)");
    expect(text).toMatch(/== network \(platform-network\/orders-dev\): \d+ resources/);
    expect(text).toMatch(/ {3}4 {2}aws:ec2\/securityGroup:SecurityGroup/);
    expect(text).toContain("reads: (no upstream layer)");
    expect(text).toContain("reads: organization/platform-data/orders-dev, organization/platform-network/orders-dev");
    expect(text).toContain('availabilityZones = ["us-east-1a","us-east-1b","us-east-1c"]');
    expect(
      formatPlan({
        stack: "s",
        system: "x",
        layers: [{ layer: "network", project: "p", stack: "s", resources: [], outputs: { long: "x".repeat(200), none: undefined } }],
      }),
    ).toContain(`long = ${"x".repeat(97)}...`);
  });
});

describe("plan arguments", () => {
  it("take a stack, repeated overrides with or without the namespace, and an output file", () => {
    expect(
      parsePlanArgs(["--stack", "orders-dev", "--set", "natGateways=single", "--set", "platform:owner=team=a", "--out", "p.json"]),
    ).toEqual({
      stack: "orders-dev",
      overrides: { natGateways: "single", owner: "team=a" },
      out: "p.json",
    });
    expect(parsePlanArgs(["--stack", "orders-prod"]).out).toBe("plan-orders-prod.json");
    expect(parsePlanArgs(["--stack", "orders-prod", "--quotas", "q.json"]).quotas).toBe("q.json");
  });

  it.each([
    [[], "--stack is required"],
    [["--stack"], "--stack needs a value"],
    [["--stack", "a", "--stack", "b"], "--stack is given twice"],
    [["--stack", "a", "stray"], 'unexpected argument "stray"'],
    [["--stack", "a", "--bogus", "1"], 'unexpected argument "--bogus"'],
    [["--stack", "a", "--set", "novalue"], '--set takes key=value, got "novalue"'],
  ])("reject %j with the usage", (argv, message) => {
    expect(() => parsePlanArgs(argv)).toThrow(message);
    expect(() => parsePlanArgs(argv)).toThrow("usage: npm run plan -- --stack <stack>");
  });
});

describe("readable plan values", () => {
  it("show unknowns, secrets and resource references plainly", () => {
    const rt = pulumi.runtime;
    expect(readableValue(rt.unknownValue)).toBe("[unknown]");
    expect(readableValue({ [rt.specialSigKey]: rt.specialSecretSig, value: "hunter2" })).toBe("[secret]");
    expect(readableValue({ [rt.specialSigKey]: rt.specialResourceSig, urn: "urn:x" })).toBe("urn:x");
    expect(readableValue({ [rt.specialSigKey]: rt.specialOutputValueSig, value: 3 })).toBe(3);
    expect(readableValue({ [rt.specialSigKey]: rt.specialOutputValueSig, secret: true, value: 3 })).toBe("[secret]");
    expect(readableValue({ [rt.specialSigKey]: rt.specialOutputValueSig })).toBe("[unknown]");
    expect(readableValue({ [rt.specialSigKey]: rt.specialAssetSig, path: "a" })).toBe(`[${rt.specialAssetSig}]`);
    expect(readableValue({ a: [rt.unknownValue, 1] })).toEqual({ a: ["[unknown]", 1] });
  });
});

describe("the config reference", () => {
  it("in the README and every layer's Pulumi.yaml matches the schema (npm run docs regenerates it)", () => {
    expect(syncReference(ROOT, "check")).toEqual([]);
  });
});
