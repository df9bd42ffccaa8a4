import { LAYERS, Layer } from "../../shared/layers";
import type { PolicyDocument } from "../../shared/iam";
import { committedStacks, Plan } from "../../shared/plan/runner";
import { MUTATING } from "../../shared/permissions/actions";
import { allows, policySize } from "../../shared/permissions/evaluate";
import { layerNeeds, layerPolicies, MANAGED_POLICY_MAX_CHARS, passedRoles } from "../../shared/permissions/policy";
import { planStack } from "../harness";

/** The request context of the planned ARNs: the plan's fake account is the principal's. */
const CTX = { variables: { "aws:PrincipalAccount": "123456789012" } };

/** Actions that read, by their name: another layer's policy may hold them (its own resources, or "*"). */
const readOnly = (action: string) => /^[^:]+:(Describe|Get|List)/.test(action) || action === "apigateway:GET";

/**
 * Writes AWS authorizes on "*" only, which two layers both need: the data
 * layer for the cache's slow log delivery, the edge layer for the WAF's
 * logs. Neither can be scoped to the layer's own log group.
 */
const SHARED_UNSCOPED_WRITES = ["logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DeleteResourcePolicy", "logs:PutResourcePolicy"];

const STACKS = committedStacks();
const plans = new Map<string, Plan>();
const policies = new Map<string, PolicyDocument[]>();

beforeAll(async () => {
  for (const stack of STACKS) {
    const plan = await planStack(stack);
    plans.set(stack, plan);
    for (const layer of LAYERS) policies.set(`${stack}/${layer}`, layerPolicies(plan, layer));
  }
});

const docsOf = (stack: string, layer: Layer) => policies.get(`${stack}/${layer}`) as PolicyDocument[];
const planOf = (stack: string) => plans.get(stack) as Plan;
const allowedBy = (docs: readonly PolicyDocument[], action: string, arn: string) => docs.some((d) => allows(d, action, arn, CTX));

describe("deploy permissions of each layer", () => {
  it("are generated for every committed stack", () => {
    expect(STACKS).toEqual(["catalog-dev", "orders-dev", "orders-pr-example", "orders-prod", "payments-dev"]);
    for (const stack of STACKS) for (const layer of LAYERS) expect(docsOf(stack, layer).length).toBeGreaterThanOrEqual(1);
  });

  it("allow every action the table says each planned resource of the layer needs, on its planned ARN", () => {
    const missing: string[] = [];
    let checked = 0;
    for (const stack of STACKS) {
      for (const layer of LAYERS) {
        for (const need of layerNeeds(planOf(stack), layer)) {
          checked++;
          if (!allowedBy(docsOf(stack, layer), need.action, need.arn))
            missing.push(`${stack} ${layer} ${need.resource.name}: ${need.action} on ${need.arn}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(5000);
  });

  it("allow no layer another layer's changes, but the log delivery and resource policy writes AWS authorizes on * only", () => {
    const found = new Set<string>();
    for (const stack of STACKS) {
      const plan = planOf(stack);
      const needs = new Map(LAYERS.map((l) => [l, layerNeeds(plan, l).filter((n) => MUTATING.includes(n.access) && !readOnly(n.action))]));
      for (const a of LAYERS) {
        for (const b of LAYERS.filter((l) => l !== a)) {
          for (const n of needs.get(b) ?? []) {
            if (allowedBy(docsOf(stack, a), n.action, n.arn)) found.add(`${a} ${b} ${n.action} ${n.arn}`);
          }
        }
      }
    }
    const shared = [...found].map((f) => f.split(" "));
    expect(
      shared.every(
        ([a, b, action, arn]) =>
          ["data", "edge"].includes(a) && ["data", "edge"].includes(b) && arn === "*" && SHARED_UNSCOPED_WRITES.includes(action),
      ),
    ).toBe(true);
    expect(new Set(shared.map(([, , action]) => action))).toEqual(new Set(SHARED_UNSCOPED_WRITES));
  });

  it("let compute neither modify nor delete the database, the subnets or the load balancer", () => {
    for (const stack of STACKS) {
      const plan = planOf(stack);
      const compute = docsOf(stack, "compute");
      const data = plan.layers[1];
      const cluster = data.resources.find((r) => r.type === "aws:rds/cluster:Cluster")?.computed?.arn as string;
      for (const action of ["rds:DeleteDBCluster", "rds:ModifyDBCluster", "rds:CreateDBCluster", "rds:DeleteDBInstance"]) {
        expect(allowedBy(compute, action, cluster)).toBe(false);
        expect(allowedBy(compute, action, "*")).toBe(false);
      }
      const network = plan.layers[0].outputs;
      for (const subnet of [...(network.privateSubnetIds as string[]), ...(network.publicSubnetIds as string[])]) {
        const arn = `arn:aws:ec2:${network.region as string}:123456789012:subnet/${subnet}`;
        for (const action of ["ec2:DeleteSubnet", "ec2:ModifySubnetAttribute", "ec2:CreateTags"])
          expect(allowedBy(compute, action, arn)).toBe(false);
      }
      const alb = plan.layers[2].outputs.albArn as string;
      for (const action of [
        "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:SetSecurityGroups",
      ]) {
        expect(allowedBy(compute, action, alb)).toBe(false);
      }
    }
  });

  it("give the data layer no ECS action at all", () => {
    for (const stack of STACKS) {
      const actions = docsOf(stack, "data").flatMap((d) => d.Statement.flatMap((s) => [s.Action].flat()));
      expect(actions.filter((a) => a.startsWith("ecs:"))).toEqual([]);
      expect(actions.length).toBeGreaterThan(20);
    }
  });

  it("name every action in full: no wildcard in any action", () => {
    for (const docs of policies.values()) {
      for (const s of docs.flatMap((d) => d.Statement)) {
        for (const action of [s.Action].flat()) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
      }
    }
  });

  it("fit IAM's managed policy quota of 6,144 characters each, in at most 10 policies per layer", () => {
    for (const [key, docs] of policies) {
      expect(docs.length).toBeLessThanOrEqual(10);
      for (const d of docs) expect([key, policySize(d) <= MANAGED_POLICY_MAX_CHARS.value]).toEqual([key, true]);
    }
  });

  it("give each statement a unique Sid, and a Resource", () => {
    for (const docs of policies.values()) {
      const statements = docs.flatMap((d) => d.Statement);
      const sids = statements.map((s) => s.Sid);
      expect(new Set(sids).size).toBe(sids.length);
      for (const s of statements) {
        expect(s.Sid).toMatch(/^[A-Za-z0-9]+$/);
        expect(s.Resource).toBeDefined();
      }
    }
  });

  it("pass exactly the roles the layer's resources reference, each only to the service it is for", () => {
    for (const stack of STACKS) {
      for (const layer of LAYERS) {
        const plan = planOf(stack);
        const lp = plan.layers.find((l) => l.layer === layer);
        const passed = new Set(
          (lp?.resources ?? [])
            .filter((r) => !r.type.startsWith("aws:iam/"))
            .flatMap(passedRoles)
            .map((arn) => arn.replace(":123456789012:", ":${aws:PrincipalAccount}:")),
        );
        const statements = docsOf(stack, layer)
          .flatMap((d) => d.Statement)
          .filter((s) => [s.Action].flat().includes("iam:PassRole"));
        expect(new Set(statements.flatMap((s) => [s.Resource ?? []].flat()))).toEqual(passed);
        for (const s of statements) {
          expect(s.Action).toEqual(["iam:PassRole"]);
          expect(Object.keys(s.Condition?.StringEquals ?? {})).toEqual(["iam:PassedToService"]);
        }
      }
    }
    const compute = docsOf("orders-dev", "compute");
    const task = "arn:aws:iam::123456789012:role/orders-api-task-dev";
    expect(
      compute.some((d) => allows(d, "iam:PassRole", task, { ...CTX, conditions: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } })),
    ).toBe(true);
    expect(
      compute.some((d) => allows(d, "iam:PassRole", task, { ...CTX, conditions: { "iam:PassedToService": "lambda.amazonaws.com" } })),
    ).toBe(false);
    expect(allowedBy(docsOf("orders-dev", "data"), "iam:PassRole", task)).toBe(false);
  });

  it("let the edge layer change only its own records in the shared hosted zone", () => {
    const edge = docsOf("orders-prod", "edge");
    const zone = "arn:aws:route53:::hostedzone/Z0EXAMPLE0ORDERS0PROD";
    const change = (names: string[]) =>
      edge.some((d) =>
        allows(d, "route53:ChangeResourceRecordSets", zone, {
          ...CTX,
          conditions: { "route53:ChangeResourceRecordSetsNormalizedRecordNames": names },
        }),
      );
    expect(change(["api.orders.example.com"])).toBe(true);
    expect(change(["_0123abcd.api.orders.example.com"])).toBe(true);
    expect(change(["www.orders.example.com"])).toBe(false);
    expect(change(["api.orders.example.com", "orders.example.com"])).toBe(false);
  });

  it("let compute attach only the ECS infrastructure policy to its infrastructure role", () => {
    const compute = docsOf("orders-dev", "compute");
    const roleArn = "arn:aws:iam::123456789012:role/orders-ecs-infrastructure-dev";
    const attach = (policy: string) =>
      compute.some((d) => allows(d, "iam:AttachRolePolicy", roleArn, { ...CTX, conditions: { "iam:PolicyARN": policy } }));
    expect(attach("arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers")).toBe(true);
    expect(attach("arn:aws:iam::aws:policy/AdministratorAccess")).toBe(false);
  });

  it("keep the statements on * to the layer's region", () => {
    for (const stack of STACKS) {
      const region = planOf(stack).layers[0].outputs.region;
      for (const layer of LAYERS) {
        const star = docsOf(stack, layer)
          .flatMap((d) => d.Statement)
          .filter((s) => s.Resource === "*" && s.Sid === "AnyResourceInRegion");
        expect(star).toHaveLength(1);
        expect(star[0].Condition).toEqual({ StringEquals: { "aws:RequestedRegion": region } });
      }
    }
  });

  it("keep a short-lived environment's edge and compute off its long-lived stack's edge and compute", () => {
    const dev = planOf("orders-dev");
    for (const layer of ["edge", "compute"] as const) {
      const pr = docsOf("orders-pr-example", layer);
      const touched = layerNeeds(dev, layer)
        .filter((n) => MUTATING.includes(n.access) && !readOnly(n.action) && n.arn !== "*")
        .filter((n) => allowedBy(pr, n.action, n.arn))
        .map((n) => `${n.action} ${n.arn}`);
      // Only what AWS names by an id it draws is shared: the scalable target (no tag condition: see the README).
      expect(touched.every((t) => t.startsWith("application-autoscaling:") && t.includes(":scalable-target/"))).toBe(true);
      expect(touched.length > 0).toBe(layer === "compute");
    }
  });
});
