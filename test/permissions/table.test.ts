import { FACTS } from "../../shared/aws/fact";
import { LAYERS } from "../../shared/layers";
import { committedStacks } from "../../shared/plan/runner";
import {
  ACCESS,
  actionsOf,
  makesNoAwsCall,
  permissionsOf,
  RESOURCE_PERMISSIONS,
  SERVICE_PAGES,
  UNSCOPED_ACTIONS,
} from "../../shared/permissions/actions";
import { arnResource, input, partitionOf, PermissionsError, plannedId, secretName } from "../../shared/permissions/arns";
import { layerContext } from "../../shared/permissions/policy";
import type { PlannedResource } from "../../shared/plan/capture";
import { planStack } from "../harness";

const resource = (type: string, inputs: Record<string, unknown> = {}, id?: string): PlannedResource => ({
  urn: `urn:pulumi:s::p::${type}::x`,
  type,
  name: "x",
  parent: null,
  custom: true,
  inputs,
  dependencies: [],
  ignoreChanges: [],
  ...(id === undefined ? {} : { id }),
});

describe("the table of actions per resource type", () => {
  it("covers every resource type of the committed stacks' plans, and lists no type they lack", async () => {
    const types = new Set<string>();
    for (const stack of committedStacks()) for (const l of (await planStack(stack)).layers) for (const r of l.resources) types.add(r.type);
    const aws = [...types].filter((t) => !makesNoAwsCall(t)).sort();
    expect(aws).toEqual(Object.keys(RESOURCE_PERMISSIONS).sort());
    expect(aws).toContain("awsx:ec2:Vpc");
    expect([...types].filter(makesNoAwsCall).every((t) => /^(platform|pulumi):/.test(t))).toBe(true);
  });

  it("names each action in full, of a service whose Service Authorization Reference page it cites", async () => {
    const used = new Map<string, Set<string>>();
    const plan = await planStack("payments-dev");
    for (const l of plan.layers) {
      const ctx = layerContext(l);
      for (const r of l.resources.filter((x) => !makesNoAwsCall(x.type))) {
        const actions = actionsOf(r, ctx);
        for (const access of ACCESS) {
          for (const action of actions[access]) {
            expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
            expect(SERVICE_PAGES[action.split(":")[0]]).toBeDefined();
          }
        }
        used.set(r.type, new Set([...(used.get(r.type) ?? []), ...ACCESS.flatMap((k) => actions[k])]));
      }
    }
    // An action marked unconfirmed is one the entry asks for.
    for (const [type, actions] of used)
      for (const a of permissionsOf(type).unconfirmed ?? []) expect([type, actions.has(a)]).toEqual([type, true]);
    for (const a of UNSCOPED_ACTIONS) expect(SERVICE_PAGES[a.split(":")[0]]).toBeDefined();
    for (const page of Object.values(SERVICE_PAGES)) {
      expect(FACTS).toContain(page);
      expect(page.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/service-authorization\/latest\/reference\/list_[a-z0-9-]+\.html$/);
    }
  });

  it("gives tagging actions to every taggable type (the provider tags through defaultTags)", () => {
    const untagged = Object.entries(RESOURCE_PERMISSIONS)
      .filter(([, p]) => typeof p.actions !== "function" && p.actions.tag.length === 0 && p.actions.create.length > 0)
      .map(([t]) => t);
    // Sub-resources and calls that carry no tags of their own.
    for (const t of untagged)
      expect(t).toMatch(
        /rolePolicy|Attachment|Validation|Record|s3\/bucket[A-Z]|dashboard|topicSubscription|logResourcePolicy|eventTarget|lambda\/(invocation|permission)|kms\/alias|ecr\/lifecycle|clusterCapacity|apigateway\/(resource|method|integration|methodSettings|deployment|usagePlanKey)|webAclAssociation|webAclLogging|logMetricFilter/,
      );
  });

  it("needs nothing for the random provider's resources", () => {
    for (const type of ["random:index/randomId:RandomId", "random:index/randomPassword:RandomPassword"]) {
      const p = permissionsOf(type);
      expect(p.arns(resource(type), {} as never)).toEqual([]);
      expect(ACCESS.flatMap((k) => (p.actions as unknown as Record<string, string[]>)[k])).toEqual([]);
    }
  });

  it("fails naming a type it lacks, and a resource without the input its ARN needs", () => {
    expect(() => permissionsOf("aws:ec2/instance:Instance")).toThrow(/aws:ec2\/instance:Instance is not in the table/);
    expect(() => input(resource("aws:iam/role:Role"), "name")).toThrow(PermissionsError);
    expect(() => input(resource("aws:iam/role:Role", { name: "[unknown]" }), "name")).toThrow(/has no input name/);
    expect(() => plannedId(resource("aws:iam/role:Role"))).toThrow(/has no planned id/);
    expect(() => secretName("arn:aws:secretsmanager:us-east-1:1:secret:x")).toThrow(/not a Secrets Manager secret ARN/);
    expect(() => arnResource("not-an-arn")).toThrow(/not an ARN/);
    const listener = permissionsOf("aws:lb/listener:Listener");
    expect(() =>
      listener.arns(
        resource("aws:lb/listener:Listener", { loadBalancerArn: "arn:aws:elasticloadbalancing:r:1:loadbalancer/net/x/y" }, "l"),
        {} as never,
      ),
    ).toThrow(/not an application load balancer ARN/);
  });

  it("knows each layer's partition from its region", () => {
    expect([partitionOf("us-east-1"), partitionOf("cn-north-1"), partitionOf("us-gov-west-1")]).toEqual(["aws", "aws-cn", "aws-us-gov"]);
  });

  it("lists the layers in deployment order", () => {
    expect(LAYERS).toEqual(["network", "data", "edge", "compute"]);
  });
});
