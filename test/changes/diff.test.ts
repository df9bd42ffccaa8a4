import { diffPlans, LayerChange, PlanChanges } from "../../shared/changes/diff";
import { ChangeReport, formatChanges } from "../../shared/changes/format";
import { KNOWN_AFTER_APPLY } from "../../shared/changes/values";
import { Layer } from "../../shared/layers";
import type { PolicyViolation } from "../../shared/policy/offline";
import { costOf, layerPlan, policyOf, resource, sideOf } from "./plans";

const VPC = "awsx:ec2:Vpc";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const TG = "aws:lb/targetGroup:TargetGroup";
const SERVICE = "aws:ecs/service:Service";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";

/** A small hand-made stack: a VPC and a group in the network, a target group in the edge, a service and its task in compute. */
function stack(opts: { cidr?: string; port?: number; image?: string; trigger?: string; extra?: boolean } = {}) {
  const vpcId = "vpc-0a1b2c3d4e5f60718";
  const vpc = resource("network", VPC, "net-vpc", { cidrBlock: opts.cidr ?? "10.0.0.0/16", enableDnsHostnames: true });
  const group = resource(
    "network",
    SG,
    "net-service",
    { vpcId, name: "shop-service-dev" },
    { id: "sg-0aaaabbbbccccdddd", dependencies: [vpc.urn] },
  );
  const tgArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-tg-dev/0123456789abcdef";
  const tg = resource(
    "edge",
    TG,
    "edge-blue",
    { vpcId, port: opts.port ?? 8080, name: "shop-tg-dev" },
    { id: tgArn, computed: { arn: tgArn } },
  );
  const taskArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/shop-api-dev:1";
  const task = resource(
    "compute",
    TASK,
    "api-task",
    { family: "shop-api-dev", containerDefinitions: JSON.stringify([{ name: "api", image: `repo:${opts.image ?? "1.0.0"}` }]) },
    { id: "shop-api-dev", computed: { arn: taskArn } },
  );
  const service = resource(
    "compute",
    SERVICE,
    "api-service",
    { taskDefinition: taskArn, desiredCount: 2, networkConfiguration: { securityGroups: ["sg-0aaaabbbbccccdddd"] } },
    { dependencies: [task.urn], ignoreChanges: ["desiredCount"], replacementTrigger: [opts.trigger ?? tgArn] },
  );
  const ref = resource("compute", "pulumi:pulumi:StackReference", "network-ref", { name: "org/platform-network/shop-dev" });
  return [
    layerPlan("network", [vpc, group], { vpcId, serviceSecurityGroupId: "sg-0aaaabbbbccccdddd", vpcCidr: opts.cidr ?? "10.0.0.0/16" }),
    layerPlan("edge", [tg], { blueTargetGroupArn: tgArn, port: opts.port ?? 8080 }),
    layerPlan("compute", [
      task,
      service,
      ref,
      ...(opts.extra === true ? [resource("compute", "aws:sqs/queue:Queue", "jobs", { name: "jobs" })] : []),
    ]),
  ];
}

const of = (changes: PlanChanges, layer: Layer) => changes.layers.find((l) => l.layer === layer) as LayerChange;
const actions = (layer: LayerChange) =>
  layer.resources.map((r) => `${r.action} ${r.name}${r.forcedBy === undefined ? "" : ` (${r.forcedBy.join(", ")})`}`);
const report = (changes: PlanChanges, notes: string[] = []): ChangeReport => ({
  ...changes,
  base: { ref: "HEAD~1", commit: "0123456789abcdef0123456789abcdef01234567" },
  head: "working tree",
  notes,
});

describe("the comparison of two plans, on hand-made plans", () => {
  it("finds no change between equal plans, and says so for every layer", () => {
    const changes = diffPlans(sideOf(stack()), sideOf(stack()));
    expect(changes.layers.map((l) => [l.layer, l.resources.length, l.outputs.length, l.reads.length])).toEqual([
      ["network", 0, 0, 0],
      ["edge", 0, 0, 0],
      ["compute", 0, 0, 0],
    ]);
    const text = formatChanges(report(changes));
    expect(text).toContain("layers to deploy, in order: none\n");
    for (const l of ["network (platform-network/shop-dev)", "edge (platform-edge/shop-dev)", "compute (platform-compute/shop-dev)"])
      expect(text).toContain(`== ${l}: no change\n`);
    expect(text).toContain("== cost: estimated monthly USD, min / max: no change\n");
  });

  it("replaces a task definition on a new image, which the service then names anew: an update, not a replacement", () => {
    const changes = diffPlans(sideOf(stack()), sideOf(stack({ image: "1.0.1" })));
    const compute = of(changes, "compute");
    expect(actions(compute)).toEqual(["replace api-task (containerDefinitions)", "update api-service"]);
    expect(compute.resources[1].changes).toMatchObject([
      { path: "taskDefinition", after: KNOWN_AFTER_APPLY, because: "api-task is replaced" },
    ]);
    expect(of(changes, "network").resources).toEqual([]);
    expect(changes.replacementUnknown).toEqual([]);
  });

  it("replaces what a component's change replaces inside it, and every resource and layer that names the renewed ids", () => {
    const changes = diffPlans(sideOf(stack()), sideOf(stack({ cidr: "10.1.0.0/16" })));
    const network = of(changes, "network");
    expect(actions(network)).toEqual(["replace net-service (vpcId)", "replace net-vpc (cidrBlock)"]);
    expect(network.resources[1].inside).toBe("the VPC and every subnet (carved from its CIDR block)");
    expect(network.outputs.map((o) => [o.path, o.after])).toEqual([
      ["serviceSecurityGroupId", KNOWN_AFTER_APPLY],
      ["vpcCidr", "10.1.0.0/16"],
      ["vpcId", KNOWN_AFTER_APPLY],
    ]);
    const edge = of(changes, "edge");
    expect(edge.reads).toEqual([{ layer: "network", outputs: ["serviceSecurityGroupId", "vpcCidr", "vpcId"] }]);
    expect(actions(edge)).toEqual(["replace edge-blue (vpcId)"]);
    expect(edge.resources[0].changes).toMatchObject([{ path: "vpcId", because: "network output vpcId" }]);
    const compute = of(changes, "compute");
    expect(compute.reads.map((r) => r.layer)).toEqual(["network", "edge"]);
    expect(actions(compute)).toEqual(["replace api-service (replacementTrigger)"]);
    expect(compute.resources[0].trigger).toMatchObject([
      { path: "[0]", after: KNOWN_AFTER_APPLY, because: "edge output blueTargetGroupArn" },
    ]);
    const text = formatChanges(report(changes));
    expect(text).toContain("layers to deploy, in order: network, edge, compute\n");
    expect(text).toContain(
      "   replace  awsx:ec2:Vpc  net-vpc  (cidrBlock: replaces the VPC and every subnet (carved from its CIDR block))\n",
    );
    expect(text).toContain("   redeploy: reads changed outputs serviceSecurityGroupId, vpcCidr, vpcId of layer network\n");
    expect(text).toContain("   outputs that change (read by edge, compute):\n");
    expect(text).toContain('     vpcCidr: "10.0.0.0/16" -> "10.1.0.0/16"\n');
    expect(text).toContain("   replace  aws:ecs/service:Service  api-service  (replacementTrigger forces a new resource)\n");
    expect(text).toContain("              replacementTrigger [0]: ");
  });

  it("updates a component in place when the input that changed replaces nothing inside it", () => {
    const before = stack();
    const after = stack();
    const vpc = after[0].resources[0];
    const changed = [
      { ...after[0], resources: [{ ...vpc, inputs: { ...vpc.inputs, enableDnsHostnames: false } }, after[0].resources[1]] },
      ...after.slice(1),
    ];
    const network = of(diffPlans(sideOf(before), sideOf(changed)), "network");
    expect(actions(network)).toEqual(["update net-vpc"]);
    expect(network.outputs).toEqual([]);
  });

  it("lists creates and deletes, a layer one side lacks, and an update of a type the table does not cover as replacement unknown", () => {
    const [network, edge, compute] = stack({ extra: true });
    const changes = diffPlans(sideOf(stack().slice(0, 2)), sideOf([network, edge, compute]));
    expect(actions(of(changes, "compute"))).toEqual(["create api-service", "create api-task", "create jobs", "create network-ref"]);
    const back = diffPlans(sideOf(stack({ extra: true })), sideOf(stack()));
    expect(actions(of(back, "compute"))).toEqual(["delete jobs"]);
    const queue = (name: string) => resource("compute", "aws:sqs/queue:Queue", "jobs", { name });
    const ref = (name: string) => resource("compute", "pulumi:pulumi:StackReference", "network-ref", { name });
    const unknown = diffPlans(
      sideOf([layerPlan("compute", [queue("jobs"), ref("a")])]),
      sideOf([layerPlan("compute", [queue("jobs-2"), ref("b")])]),
    );
    expect(of(unknown, "compute").resources.map((r) => [r.name, r.action, r.replacementUnknown])).toEqual([
      ["jobs", "update", true],
      ["network-ref", "update", undefined],
    ]);
    expect(unknown.replacementUnknown).toEqual(["aws:sqs/queue:Queue"]);
    expect(formatChanges(report(unknown))).toContain(
      "replacement unknown (no entry in shared/changes/replacements.ts; AWS may replace rather than update): aws:sqs/queue:Queue\n",
    );
    expect(formatChanges(report(unknown))).toContain(
      "   update   aws:sqs/queue:Queue  jobs  (replacement unknown: the type is not in the replacement table)\n",
    );
  });

  it("leaves out what ignoreChanges keeps as deployed, and says so", () => {
    const before = stack();
    const after = stack();
    const service = after[2].resources[1];
    const more = [
      ...after.slice(0, 2),
      {
        ...after[2],
        resources: [after[2].resources[0], { ...service, inputs: { ...service.inputs, desiredCount: 5 } }, after[2].resources[2]],
      },
    ];
    const compute = of(diffPlans(sideOf(before), sideOf(more)), "compute");
    expect(compute.resources).toEqual([]);
    expect(compute.ignored).toEqual([{ type: SERVICE, name: "api-service", paths: ["desiredCount"] }]);
    expect(formatChanges(report(diffPlans(sideOf(before), sideOf(more))))).toContain(
      "== compute (platform-compute/shop-dev): no change\n   unchanged by ignoreChanges: api-service desiredCount\n",
    );
  });

  it("keeps the id of a replaced resource that is its own name: AWS gives the new one the same", () => {
    const group = (description: string) =>
      resource("network", SG, "net-db", { name: "shop-db-dev", description }, { id: "shop-db-dev", computed: {} });
    const rule = (g: ReturnType<typeof group>) =>
      resource(
        "network",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        "net-db-in",
        { securityGroupId: "shop-db-dev", fromPort: 5432 },
        { dependencies: [g.urn] },
      );
    const [a, b] = [group("db"), group("database")];
    const network = of(diffPlans(sideOf([layerPlan("network", [a, rule(a)])]), sideOf([layerPlan("network", [b, rule(b)])])), "network");
    expect(actions(network)).toEqual(["replace net-db (description)"]);
  });

  it("switching a rule from a CIDR to a group replaces it; a new CIDR updates it", () => {
    const rule = (peer: Record<string, unknown>) =>
      resource("network", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "in", { securityGroupId: "sg-1", ...peer });
    const cmp = (a: Record<string, unknown>, b: Record<string, unknown>) =>
      actions(of(diffPlans(sideOf([layerPlan("network", [rule(a)])]), sideOf([layerPlan("network", [rule(b)])])), "network"));
    expect(cmp({ cidrIpv4: "10.0.0.0/16" }, { referencedSecurityGroupId: "sg-2" })).toEqual([
      "replace in (cidrIpv4 -> referencedSecurityGroupId)",
    ]);
    expect(cmp({ cidrIpv4: "10.0.0.0/16" }, { cidrIpv4: "10.1.0.0/16" })).toEqual(["update in"]);
  });

  it("says which layers another stack deploys, and a layer that only reads changed outputs redeploys without resource changes", () => {
    const [network, edge] = stack();
    const owned = (cidr: string) => [
      { ...stack({ cidr })[0], stack: "shop-dev" },
      { ...edge, stack: "shop-pr-1" },
    ];
    const changes = diffPlans(sideOf(owned("10.0.0.0/16"), {}, "shop-pr-1"), sideOf(owned("10.2.0.0/16"), {}, "shop-pr-1"));
    expect(of(changes, "network").deployedBy).toBe("shop-dev");
    expect(of(changes, "edge")).not.toHaveProperty("deployedBy");
    const text = formatChanges(report(changes));
    expect(text).toContain("== network (platform-network/shop-dev, deployed by stack shop-dev): 2 to replace\n");
    void network;
    const onlyReads = diffPlans(
      sideOf([layerPlan("network", [], { vpcCidr: "10.0.0.0/16" }), layerPlan("data", [])]),
      sideOf([layerPlan("network", [], { vpcCidr: "10.3.0.0/16" }), layerPlan("data", [])]),
    );
    const readsText = formatChanges(report(onlyReads));
    expect(readsText).toContain("== network (platform-network/shop-dev): no resource changes\n   outputs that change (read by data):\n");
    expect(readsText).toContain(
      "== data (platform-data/shop-dev): no resource changes\n   redeploy: reads changed outputs vpcCidr of layer network\n",
    );
    const leaf = diffPlans(
      sideOf([layerPlan("compute", [], { serviceName: "a" })]),
      sideOf([layerPlan("compute", [], { serviceName: "b" })]),
    );
    expect(formatChanges(report(leaf))).toContain('   outputs that change (read by no other layer):\n     serviceName: "a" -> "b"\n');
  });

  it("shows at most twelve changes per resource, inputs added and removed, and outputs changed in part", () => {
    const many = (n: number, extra: Record<string, unknown>) =>
      resource("compute", "aws:sqs/queue:Queue", "q", {
        ...Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`k${String(i).padStart(2, "0")}`, n])),
        ...extra,
      });
    const changes = diffPlans(
      sideOf([layerPlan("compute", [many(1, { gone: 1 })], { list: [1, 2] })]),
      sideOf([layerPlan("compute", [many(2, { added: 1 })], { list: [1, 3] })]),
    );
    const text = formatChanges(report(changes, ["a note"]));
    expect(text).toContain("note: a note\n");
    expect(text).toContain("              added: (added) 1\n");
    expect(text).toContain("              gone: 1 (removed)\n");
    expect(text).toContain("              ... 4 more (--json lists them all)\n");
    expect(text).toContain("     list: list[1] 2 -> 3\n");
  });

  it("compares the policy pack's results, naming new and resolved violations", () => {
    const v = (policy: string, level: "mandatory" | "advisory"): PolicyViolation => ({
      policy,
      enforcementLevel: level,
      layer: "edge",
      urn: "urn:x",
      name: "edge-alb",
      message: `${policy} failed`,
    });
    const changes = diffPlans(
      sideOf(stack(), { policy: policyOf([v("old-rule", "advisory"), v("kept", "advisory")]) }),
      sideOf(stack(), {
        policy: policyOf([
          v("kept", "advisory"),
          v("new-rule", "mandatory"),
          { ...v("stack-rule", "advisory"), urn: undefined, name: undefined },
        ]),
      }),
    );
    expect(changes.policy).toMatchObject({ before: { mandatory: 0, advisory: 2 }, after: { mandatory: 1, advisory: 2 } });
    expect(changes.policy.added.map((x) => x.policy)).toEqual(["new-rule", "stack-rule"]);
    expect(changes.policy.resolved.map((x) => x.policy)).toEqual(["old-rule"]);
    const text = formatChanges(report(changes));
    expect(text).toContain("== policy: before 0 mandatory, 2 advisory; after 1 mandatory, 2 advisory\n   new violations:\n");
    expect(text).toContain("     mandatory new-rule: edge edge-alb: new-rule failed\n");
    expect(text).toContain("     advisory stack-rule: edge (stack): stack-rule failed\n");
    expect(text).toContain("   resolved:\n     advisory old-rule: edge edge-alb: old-rule failed\n");
  });

  it("compares the monthly cost per layer and in total, and says when a side has no prices", () => {
    const changes = diffPlans(
      sideOf(stack(), { cost: costOf({ network: { min: 100, max: 100 }, compute: { min: 30, max: 70 } }) }),
      sideOf(stack(), { cost: costOf({ network: { min: 50, max: 50 }, compute: { min: 30.1, max: 80 }, edge: { min: 5, max: 5 } }) }),
    );
    expect(changes.cost.byLayer).toEqual({
      network: { before: { min: 100, max: 100 }, after: { min: 50, max: 50 }, delta: { min: -50, max: -50 } },
      edge: { before: { min: 0, max: 0 }, after: { min: 5, max: 5 }, delta: { min: 5, max: 5 } },
      compute: { before: { min: 30, max: 70 }, after: { min: 30.1, max: 80 }, delta: { min: 0.1, max: 10 } },
    });
    expect(changes.cost.total.delta).toEqual({ min: -44.9, max: -35 });
    const text = formatChanges(report(changes));
    expect(text).toContain("== cost: estimated monthly USD, min / max: -$44.90 / -$35.00\n");
    expect(text).toContain("   network          $100.00 / $100.00         $50.00 / $50.00       -$50.00 / -$50.00\n");
    const unpriced = diffPlans(sideOf(stack(), { cost: costOf({}, false) }), sideOf(stack()));
    expect(unpriced.cost).toMatchObject({ priced: false, reason: "base: no price table for region xx-east-9" });
    expect(formatChanges(report(unpriced))).toContain("== cost: not compared: base: no price table for region xx-east-9\n");
    expect(diffPlans(sideOf(stack()), sideOf(stack(), { cost: costOf({}, false) })).cost.reason).toBe(
      "working tree: no price table for region xx-east-9",
    );
  });
});
