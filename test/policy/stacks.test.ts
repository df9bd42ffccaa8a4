import { LogGroup } from "@pulumi/aws/cloudwatch";
import { configOf, committedStacks, Plan, readStackSettings } from "../../shared/plan/runner";
import { evaluatePolicies, offlinePolicyConfig, PolicyReport } from "../../shared/policy/offline";
import { POLICIES } from "../../shared/policy/policies";
import { formatPolicyReport } from "../../shared/policy/format";
import { planStack } from "../harness";
import { TAGGABLE_TYPES } from "../../shared/policy/tags";
import { planOf, res } from "./fixtures";
import { strings } from "../../shared/policy/props";
import { NAMED_TYPES } from "../../shared/policy/naming";

const reports = new Map<string, PolicyReport>();
const plans = new Map<string, Plan>();
/** The committed stack's plan, planned once per test file. */
const planned = (stack: string): Plan => {
  const plan = plans.get(stack);
  if (plan === undefined) throw new Error(`stack ${stack} was not planned`);
  return plan;
};
beforeAll(async () => {
  for (const stack of committedStacks()) {
    const plan = await planStack(stack);
    plans.set(stack, plan);
    reports.set(stack, await evaluatePolicies(plan, offlinePolicyConfig(plan, configOf(stack, readStackSettings(stack)))));
  }
});

describe("policy pack on the committed stacks", () => {
  it("evaluates every committed stack", () => {
    expect([...reports.keys()]).toEqual(expect.arrayContaining(["orders-dev", "orders-prod"]));
  });

  it.each(committedStacks())("finds no mandatory violation in %s", (stack) => {
    const report = reports.get(stack);
    expect(report?.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
    expect(report?.mandatory).toBe(0);
  });

  it("configures the offline run with the network layer's public subnets and the stack's listener ports", async () => {
    const plan = planned("orders-prod");
    const config = offlinePolicyConfig(plan, configOf("orders-prod", readStackSettings("orders-prod")));
    expect(config.listenerPorts).toEqual([80, 443]);
    expect(config.publicSubnetIds).toHaveLength(3);
    expect(config.publicSubnetIds.every((id) => id.startsWith("subnet-"))).toBe(true);
    expect(
      offlinePolicyConfig({ stack: "x", system: "orders", layers: [] }, configOf("orders-dev", readStackSettings("orders-dev")))
        .publicSubnetIds,
    ).toEqual([]);
  });
});

describe("offline evaluation", () => {
  it("runs every policy of the pack and reports each result with resource and reason", async () => {
    const plan = planOf([res("aws:cloudwatch/logGroup:LogGroup", "lg", { name: "orders-api-logs-dev" })]);
    const report = await evaluatePolicies(plan, { publicSubnetIds: [], listenerPorts: [80] });
    expect(report.policies.map((p) => p.name)).toEqual(POLICIES.map((p) => p.name));
    expect(report).toMatchObject({ mandatory: 1, advisory: 1 });
    const text = formatPolicyReport(report);
    expect(text).toContain("== policy: 1 mandatory violation, 1 advisory");
    expect(text).toContain("FAIL  log-retention (mandatory)");
    expect(text).toContain("warn  kms-encryption-advisory (advisory)");
    expect(text).toContain("pass  standard-tags (mandatory)");
    expect(text).toContain("retentionInDays is not set (logs never expire)");
    expect(formatPolicyReport({ ...report, violations: [], mandatory: 2, advisory: 0 })).toContain("2 mandatory violations");
  });

  it("supports the CrossGuard helpers policies may call: isType/asType, several validations, notApplicable, stack-wide reports", async () => {
    const seen: string[] = [];
    const plan = planOf([res("aws:cloudwatch/logGroup:LogGroup", "lg", { name: "n" })]);
    const report = await evaluatePolicies(plan, { publicSubnetIds: [], listenerPorts: [] }, [
      {
        name: "typed",
        description: "d",
        validateResource: [
          (args) => {
            if (args.isType(LogGroup)) seen.push(`is ${args.name} ${JSON.stringify(args.asType(LogGroup))}`);
            else if (args.asType(LogGroup) === undefined) seen.push(`not ${args.type}`);
          },
          (args) => {
            if (args.type === "aws:cloudwatch/logGroup:LogGroup") args.notApplicable("skip");
          },
        ],
      },
      { name: "none", description: "no validation" },
      {
        name: "stack",
        description: "d",
        enforcementLevel: "mandatory",
        validateStack: (args, report) => {
          const lg = args.resources.find((r) => r.name === "lg");
          seen.push(
            `stack ${lg?.isType(LogGroup)} ${lg?.asType(LogGroup) !== undefined} ${args.resources.find((r) => r.name === "edge-aws")?.isType(LogGroup)}`,
          );
          report("the whole stack");
        },
      },
      { name: "na", description: "d", validateStack: (args) => args.notApplicable() },
    ]);
    expect(seen).toEqual(["not pulumi:providers:aws", 'is lg {"name":"n"}', "stack true true false"]);
    expect(report.violations).toEqual([{ policy: "stack", enforcementLevel: "mandatory", layer: "edge", message: "the whole stack" }]);
    expect(report.policies.find((p) => p.name === "none")?.enforcementLevel).toBe("advisory");
    expect(formatPolicyReport(report)).toContain("FAIL  stack (mandatory)\n           edge: (stack)\n             the whole stack");
  });

  it("rethrows errors a policy raises other than notApplicable", async () => {
    const plan = planOf([]);
    await expect(
      evaluatePolicies(plan, { publicSubnetIds: [], listenerPorts: [] }, [
        {
          name: "bad",
          description: "d",
          validateStack: () => {
            throw new Error("boom");
          },
        },
      ]),
    ).rejects.toThrow("boom");
  });
});

describe("policy pack on a real plan, made non-compliant", () => {
  it("flags every taggable network resource when the layer's provider loses its default tags", async () => {
    const plan = planned("orders-dev");
    const network = plan.layers.find((l) => l.layer === "network");
    if (network === undefined) throw new Error("no network layer");
    const stripped = { ...plan, layers: [{ ...network, resources: network.resources.filter((r) => r.type !== "pulumi:providers:aws") }] };
    const report = await evaluatePolicies(
      stripped,
      { publicSubnetIds: [], listenerPorts: [80] },
      POLICIES.filter((p) => p.name === "standard-tags"),
    );
    const flagged = report.violations.map((v) => v.type).sort();
    expect(flagged).toEqual(
      network.resources
        .filter((r) => TAGGABLE_TYPES.has(r.type))
        .map((r) => r.type)
        .sort(),
    );
    expect(flagged).toEqual(
      expect.arrayContaining([
        "aws:ec2/securityGroup:SecurityGroup",
        "aws:cloudwatch/logGroup:LogGroup",
        "aws:iam/role:Role",
        "aws:ec2/flowLog:FlowLog",
      ]),
    );
  });

  /** The plan with one resource's inputs changed (the cached plan itself is left alone). */
  const withInputs = (plan: Plan, type: string, change: (inputs: Record<string, unknown>) => Record<string, unknown>): Plan => {
    let changed = 0;
    const layers = plan.layers.map((l) => ({
      ...l,
      resources: l.resources.map((r) => {
        if (r.type !== type) return r;
        changed += 1;
        return { ...r, inputs: change(r.inputs) };
      }),
    }));
    if (changed === 0) throw new Error(`the plan has no ${type}`);
    return { ...plan, layers };
  };
  const violationsOf = async (plan: Plan, policy: string, stack = "orders-dev") =>
    (
      await evaluatePolicies(
        plan,
        offlinePolicyConfig(plan, configOf(stack, readStackSettings(stack))),
        POLICIES.filter((p) => p.name === policy),
      )
    ).violations.map((v) => [v.layer, v.name, v.message]);

  it("reads the edge layer's own ALB inputs: its accessLogs block and dropInvalidHeaderFields", async () => {
    const plan = planned("orders-dev");
    expect(await violationsOf(plan, "alb-hardening")).toEqual([]);
    const noLogs = withInputs(plan, "aws:lb/loadBalancer:LoadBalancer", (i) => ({
      ...i,
      accessLogs: { ...(i.accessLogs as object), enabled: false },
    }));
    expect(await violationsOf(noLogs, "alb-hardening")).toEqual([["edge", "edge-alb", "access logs are not enabled to a bucket"]]);
    const headers = withInputs(plan, "aws:lb/loadBalancer:LoadBalancer", (i) => ({ ...i, dropInvalidHeaderFields: false }));
    expect(await violationsOf(headers, "alb-hardening")).toEqual([["edge", "edge-alb", "dropInvalidHeaderFields is not true"]]);
  });

  it("finds the edge layer's WAF association of its ALB, and misses it once the association is gone", async () => {
    const plan = planned("orders-dev");
    expect(await violationsOf(plan, "alb-waf")).toEqual([]);
    const unprotected = {
      ...plan,
      layers: plan.layers.map((l) => ({
        ...l,
        resources: l.resources.filter((r) => r.type !== "aws:wafv2/webAclAssociation:WebAclAssociation"),
      })),
    };
    expect(await violationsOf(unprotected, "alb-waf")).toEqual([
      ["edge", "edge-alb", "no WAF web ACL association refers to this internet-facing ALB"],
    ]);
  });

  it("finds the web ACL on the API Gateway stage in front of an internal ALB, and misses it once the association is gone", async () => {
    const plan = await planStack("orders-dev", { apiGateway: "true" }, "edge");
    const alb = plan.layers.flatMap((l) => l.resources).find((r) => r.type === "aws:lb/loadBalancer:LoadBalancer");
    expect(alb?.inputs.internal).toBe(true);
    expect(await violationsOf(plan, "alb-waf")).toEqual([]);
    expect(await violationsOf(plan, "open-ingress-only-on-listeners")).toEqual([]);
    const unprotected = {
      ...plan,
      layers: plan.layers.map((l) => ({
        ...l,
        resources: l.resources.filter((r) => r.type !== "aws:wafv2/webAclAssociation:WebAclAssociation"),
      })),
    };
    expect(await violationsOf(unprotected, "alb-waf")).toEqual([
      ["edge", "edge-stage", "no WAF web ACL association refers to this API Gateway stage"],
    ]);
    expect(await violationsOf(plan, "standard-tags")).toEqual([]);
    expect(await violationsOf(plan, "naming-convention")).toEqual([]);
    const apiTypes = plan.layers
      .flatMap((l) => l.resources)
      .map((r) => r.type)
      .filter((t) => t.startsWith("aws:apigateway"));
    for (const type of [
      "aws:apigateway/restApi:RestApi",
      "aws:apigateway/stage:Stage",
      "aws:apigateway/apiKey:ApiKey",
      "aws:apigateway/usagePlan:UsagePlan",
      "aws:apigatewayv2/vpcLink:VpcLink",
    ]) {
      expect(apiTypes).toContain(type);
      expect(TAGGABLE_TYPES.has(type)).toBe(true);
    }
    const renamed = withInputs(plan, "aws:apigateway/restApi:RestApi", (i) => ({ ...i, name: "payments api" }));
    expect(await violationsOf(renamed, "naming-convention")).toEqual([
      ["edge", "edge-api", 'name "payments api" does not follow <system>-<type>-<suffix> (orders-...-dev)'],
      ["edge", "edge-api", 'name "payments api" breaks the AWS rule: at most 128 letters, digits, hyphens and underscores'],
    ]);
  }, 60_000);

  it("reads the compute service's networkConfiguration and the data layer's instances and subnet group", async () => {
    const plan = planned("orders-dev");
    expect(await violationsOf(plan, "no-public-address")).toEqual([]);
    const publicIds = strings(plan.layers.find((l) => l.layer === "network")?.outputs.publicSubnetIds);
    const service = withInputs(plan, "aws:ecs/service:Service", (i) => ({
      ...i,
      networkConfiguration: { ...(i.networkConfiguration as object), assignPublicIp: true, subnets: publicIds },
    }));
    expect(await violationsOf(service, "no-public-address")).toEqual([
      ["compute", "api-service", "networkConfiguration.assignPublicIp is true"],
      ["compute", "api-service", `uses public subnets ${publicIds.join(", ")}`],
    ]);
    const instances = withInputs(plan, "aws:rds/clusterInstance:ClusterInstance", (i) => ({ ...i, publiclyAccessible: true }));
    expect((await violationsOf(instances, "no-public-address")).map(([layer, , message]) => [layer, message])).toEqual([
      ["data", "publiclyAccessible is true"],
      ["data", "publiclyAccessible is true"],
    ]);
    const subnetGroup = withInputs(plan, "aws:rds/subnetGroup:SubnetGroup", (i) => ({ ...i, subnetIds: publicIds }));
    expect((await violationsOf(subnetGroup, "no-public-address")).map(([layer, , message]) => [layer, message])).toEqual([
      ["data", `uses public subnets ${publicIds.join(", ")}`],
    ]);
  });

  it("reads the compute layer's ECR repository and the production database and ALB as the layers declare them", async () => {
    const dev = planned("orders-dev");
    const mutable = withInputs(dev, "aws:ecr/repository:Repository", (i) => ({
      ...i,
      imageTagMutability: "MUTABLE",
      imageScanningConfiguration: { scanOnPush: false },
    }));
    expect((await violationsOf(mutable, "ecr-scan-immutable")).map(([layer, , message]) => [layer, message])).toEqual([
      ["compute", "imageScanningConfiguration.scanOnPush is not true"],
      ["compute", 'imageTagMutability is "MUTABLE", not IMMUTABLE'],
    ]);
    const prod = planned("orders-prod");
    expect(await violationsOf(prod, "production-deletion-protection", "orders-prod")).toEqual([]);
    const unprotectedDb = withInputs(prod, "aws:rds/cluster:Cluster", (i) => ({ ...i, deletionProtection: false }));
    expect(
      (await violationsOf(unprotectedDb, "production-deletion-protection", "orders-prod")).map(([layer, , message]) => [layer, message]),
    ).toEqual([["data", "deletionProtection is not true in a production stack"]]);
    const unprotectedAlb = withInputs(prod, "aws:lb/loadBalancer:LoadBalancer", (i) => ({ ...i, enableDeletionProtection: false }));
    expect(
      (await violationsOf(unprotectedAlb, "production-deletion-protection", "orders-prod")).map(([layer, , message]) => [layer, message]),
    ).toEqual([["edge", "enableDeletionProtection is not true in a production stack"]]);
  });

  it("checks the names of every named resource the layers register, the compute layer's scaling policies and metric filter included", async () => {
    const plan = planned("orders-dev");
    expect(await violationsOf(plan, "naming-convention")).toEqual([]);
    const named = plan.layers.flatMap((l) => l.resources.filter((r) => NAMED_TYPES[r.type] !== undefined).map((r) => r.type));
    expect(named).toEqual(expect.arrayContaining(["aws:appautoscaling/policy:Policy", "aws:cloudwatch/logMetricFilter:LogMetricFilter"]));
    for (const type of ["aws:appautoscaling/policy:Policy", "aws:cloudwatch/logMetricFilter:LogMetricFilter"]) {
      const renamed = withInputs(plan, type, (i) => ({ ...i, name: "pending-orders" }));
      const found = await violationsOf(renamed, "naming-convention");
      expect(found.length).toBeGreaterThan(0);
      expect(
        found.every(
          ([layer, , message]) =>
            layer === "compute" && message === 'name "pending-orders" does not follow <system>-<type>-<suffix> (orders-...-dev)',
        ),
      ).toBe(true);
    }
  });

  it("flags the load balancer's port 80 rule when only 443 is a listener port", async () => {
    const plan = planned("orders-dev");
    const report = await evaluatePolicies(
      plan,
      { publicSubnetIds: [], listenerPorts: [443] },
      POLICIES.filter((p) => p.name === "open-ingress-only-on-listeners"),
    );
    expect(report.violations.map((v) => [v.name, v.message])).toEqual([
      ["network-alb-in-80-0", "ingress from 0.0.0.0/0 on ports 80-80: only the listener ports 443 may be open"],
    ]);
  });
});
