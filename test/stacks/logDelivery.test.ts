import { PolicyDocument } from "../../shared/iam";
import { PlannedResource } from "../../shared/plan/capture";
import { committedStacks, Plan } from "../../shared/plan/runner";
import { jsonInput, ofType, planStack } from "../harness";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const LOG_POLICY = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy";

/**
 * CloudWatch Logs allows 10 account-level resource policies per region, a
 * quota that cannot be raised, and one more per log group (`resourceArn`):
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutResourcePolicy.html.
 * A policy per stack must therefore be attached to a log group of the stack.
 */
describe.each(committedStacks())("the log resource policies of %s", (stack) => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await planStack(stack);
  }, 120_000);

  const policies = () =>
    plan.layers.flatMap((layer) => {
      const groups = new Map(ofType(layer, LOG_GROUP).map((g) => [String(g.computed?.arn), g]));
      return ofType(layer, LOG_POLICY).map((policy) => ({ layer: layer.layer, policy, groups }));
    });

  it("has the WAF log group's policy in the edge layer", () => {
    expect(policies().filter((p) => p.layer === "edge")).toHaveLength(1);
  });

  it("attaches each one to a log group of the same stack, which it depends on, and names none (no account-level policy)", () => {
    for (const { policy, groups } of policies()) {
      const arn = policy.inputs.resourceArn;
      expect([policy.name, typeof arn]).toEqual([policy.name, "string"]);
      const group = groups.get(arn as string) as PlannedResource;
      expect([policy.name, group?.type]).toEqual([policy.name, LOG_GROUP]);
      expect(policy.dependencies).toContain(group.urn);
      expect(policy.inputs).not.toHaveProperty("policyName");
    }
  });

  it("grants CloudWatch Logs' delivery only on that log group, for this account's deliveries", () => {
    for (const { policy } of policies()) {
      const arn = policy.inputs.resourceArn as string;
      const account = arn.split(":")[4];
      for (const statement of jsonInput<PolicyDocument>(policy, "policyDocument").Statement) {
        const resources = [statement.Resource ?? []].flat();
        expect(resources.length).toBeGreaterThan(0);
        for (const resource of resources) {
          expect([policy.name, resource === arn || resource.startsWith(`${arn}:`)]).toEqual([policy.name, true]);
        }
        expect([statement.Effect, statement.Principal]).toEqual(["Allow", { Service: "delivery.logs.amazonaws.com" }]);
        expect(statement.Condition).toMatchObject({ StringEquals: { "aws:SourceAccount": account } });
        expect([statement.Action].flat().every((a) => ["logs:CreateLogStream", "logs:PutLogEvents"].includes(a))).toBe(true);
      }
    }
  });

  it("has the cache's slow log group's policy in the data layer exactly when the stack has a cache", () => {
    const data = plan.layers.find((l) => l.layer === "data");
    const hasCache = data !== undefined && ofType(data, "aws:elasticache/replicationGroup:ReplicationGroup").length > 0;
    expect(
      policies()
        .filter((p) => p.layer === "data")
        .map((p) => p.policy.name),
    ).toEqual(hasCache ? ["cache-slow-log-policy"] : []);
  });
});
