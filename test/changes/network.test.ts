import { diffPlans, LayerChange, PlanChanges } from "../../shared/changes/diff";
import { formatChanges } from "../../shared/changes/format";
import { KNOWN_AFTER_APPLY } from "../../shared/changes/values";
import { Layer } from "../../shared/layers";
import { checkedPlan } from "../../shared/plan/command";
import { planStack } from "../harness";

const of = (changes: PlanChanges, layer: Layer) => changes.layers.find((l) => l.layer === layer) as LayerChange;
const names = (layer: LayerChange, action: string, type: string) =>
  layer.resources.filter((r) => r.action === action && r.type === type).map((r) => r.name);

describe("the changes of a new VPC CIDR block in orders-dev", () => {
  let changes: PlanChanges;
  beforeAll(async () => {
    const cidr = { vpcCidr: "10.1.0.0/16" };
    const base = await checkedPlan({ stack: "orders-dev", overrides: {} }, await planStack("orders-dev"));
    const head = await checkedPlan({ stack: "orders-dev", overrides: cidr }, await planStack("orders-dev", cidr));
    changes = diffPlans(base, head);
  });

  it("replace the VPC and its subnets inside the awsx component, and every security group, rule and flow log of the network", () => {
    const network = of(changes, "network");
    expect(network.resources.find((r) => r.type === "awsx:ec2:Vpc")).toMatchObject({
      action: "replace",
      forcedBy: ["cidrBlock"],
      inside: "the VPC and every subnet (carved from its CIDR block)",
      changes: [{ path: "cidrBlock", before: "10.0.0.0/16", after: "10.1.0.0/16" }],
    });
    expect(names(network, "replace", "aws:ec2/securityGroup:SecurityGroup")).toEqual([
      "network-alb",
      "network-db",
      "network-db-admin",
      "network-service",
    ]);
    expect(names(network, "replace", "aws:ec2/flowLog:FlowLog")).toEqual(["network-flow-log"]);
    expect(network.resources.filter((r) => r.type.startsWith("aws:vpc/securityGroup")).every((r) => r.action === "replace")).toBe(true);
    expect(network.resources.every((r) => r.action === "replace")).toBe(true);
    const outputs = Object.fromEntries(network.outputs.map((o) => [o.path, o.after]));
    expect(outputs).toMatchObject({
      vpcId: KNOWN_AFTER_APPLY,
      "privateSubnetIds[0]": KNOWN_AFTER_APPLY,
      "publicSubnetIds[2]": KNOWN_AFTER_APPLY,
      vpcCidr: "10.1.0.0/16",
    });
  });

  it("reach every downstream layer through the network's outputs: each reads them and changes", () => {
    for (const layer of ["data", "edge", "compute"] as const) {
      const l = of(changes, layer);
      expect(l.reads.find((r) => r.layer === "network")?.outputs).toEqual(expect.arrayContaining(["vpcId", "privateSubnetIds", "vpcCidr"]));
      expect(l.resources.length).toBeGreaterThan(0);
    }
    expect(names(of(changes, "data"), "update", "aws:rds/subnetGroup:SubnetGroup")).toEqual(["data-subnets"]);
    expect(names(of(changes, "edge"), "replace", "aws:lb/targetGroup:TargetGroup")).toEqual(["edge-blue", "edge-green"]);
    const service = of(changes, "compute").resources.find((r) => r.type === "aws:ecs/service:Service");
    expect(service).toMatchObject({ action: "replace", forcedBy: ["replacementTrigger"] });
    expect(of(changes, "compute").reads.map((r) => r.layer)).toEqual(["network", "edge"]);
    const report = formatChanges({ ...changes, base: { ref: "main", commit: "f".repeat(40) }, head: "working tree", notes: [] });
    expect(report).toContain("layers to deploy, in order: network, data, edge, compute\n");
    for (const layer of ["data", "edge", "compute"]) {
      expect(report).toMatch(
        new RegExp(
          `== ${layer} \\(platform-${layer}/orders-dev\\): [^\\n]+\\n   redeploy: reads changed outputs [^\\n]*vpcId[^\\n]* of layer network\\n`,
        ),
      );
    }
    expect(changes.cost.total.delta).toEqual({ min: 0, max: 0 });
  });
});
