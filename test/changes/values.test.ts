import { forcingProperties, ignoredBy, pathHits, ResourceReplacement } from "../../shared/changes/rules";
import {
  compareValues,
  formatPath,
  KNOWN_AFTER_APPLY,
  NOTHING_RENEWED,
  sameValue,
  shortValue,
  stringsOf,
  ValueChange,
} from "../../shared/changes/values";

const paths = (changes: readonly ValueChange[]) => changes.map((c) => c.path);

describe("comparing planned values", () => {
  it("finds nothing between equal values, whatever the order of their keys", () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameValue([1, 2], [1, 2, 3])).toBe(false);
    expect(sameValue("1", 1)).toBe(false);
    expect(compareValues({ a: [1, 2], b: { c: "x" } }, { b: { c: "x" }, a: [1, 2] }, NOTHING_RENEWED)).toEqual([]);
  });

  it("names each changed leaf by its path, an added or removed input without the missing side", () => {
    const changes = compareValues(
      { port: 80, tags: { Name: "a" }, subnets: ["s1", "s2"], gone: true },
      { port: 443, tags: { Name: "a", Team: "t" }, subnets: ["s1", "s3"], list: [1] },
      NOTHING_RENEWED,
    );
    expect(changes.map((c) => ({ path: c.path, before: c.before, after: c.after }))).toEqual([
      { path: "gone", before: true, after: undefined },
      { path: "list", before: undefined, after: [1] },
      { path: "port", before: 80, after: 443 },
      { path: "subnets[1]", before: "s2", after: "s3" },
      { path: "tags.Team", before: undefined, after: "t" },
    ]);
    expect(changes.find((c) => c.path === "gone")).not.toHaveProperty("after");
    expect(changes.find((c) => c.path === "list")).not.toHaveProperty("before");
    expect(changes.find((c) => c.path === "subnets[1]")?.segments).toEqual(["subnets", 1]);
  });

  it("compares a list whose length changes as a whole, and a value that changes its kind as a whole", () => {
    expect(paths(compareValues({ ids: ["a"] }, { ids: ["a", "b"] }, NOTHING_RENEWED))).toEqual(["ids"]);
    expect(compareValues({ v: { a: 1 } }, { v: "a" }, NOTHING_RENEWED)).toEqual([
      { path: "v", segments: ["v"], before: { a: 1 }, after: "a" },
    ]);
  });

  it("reads a JSON document in a string input as a document: the container's image, not the whole string", () => {
    const def = (tag: string) => JSON.stringify([{ name: "api", image: `repo:${tag}`, essential: true }]);
    const [change] = compareValues({ containerDefinitions: def("1.0.0") }, { containerDefinitions: def("1.0.1") }, NOTHING_RENEWED);
    expect(change).toMatchObject({ path: "containerDefinitions[0].image", before: "repo:1.0.0", after: "repo:1.0.1" });
    expect(compareValues("{not json", "{not json either", NOTHING_RENEWED)).toEqual([
      { path: "", segments: [], before: "{not json", after: "{not json either" },
    ]);
  });

  it("makes an unchanged value that a replaced resource renews known after apply, inside a policy document too", () => {
    const arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/api:1";
    const renewal = (text: string) => (text.includes(arn) ? "api-task is replaced" : undefined);
    const policy = JSON.stringify({
      Statement: [
        { Action: "ecs:RunTask", Resource: `${arn}` },
        { Action: "s3:Get", Resource: "*" },
      ],
    });
    const changes = compareValues({ taskDefinition: arn, policy, port: 80 }, { taskDefinition: arn, policy, port: 80 }, renewal);
    expect(changes).toEqual([
      {
        path: "policy.Statement[0].Resource",
        segments: ["policy", "Statement", 0, "Resource"],
        before: arn,
        after: KNOWN_AFTER_APPLY,
        because: "api-task is replaced",
      },
      { path: "taskDefinition", segments: ["taskDefinition"], before: arn, after: KNOWN_AFTER_APPLY, because: "api-task is replaced" },
    ]);
    expect(compareValues({ ids: [arn] }, { ids: [arn] }, renewal)).toMatchObject([{ path: "ids[0]", after: KNOWN_AFTER_APPLY }]);
  });

  it("writes paths as Pulumi does, lists the strings of a value and shortens long values in the middle", () => {
    expect(formatPath(["loadBalancers", 0, "targetGroupArn"])).toBe("loadBalancers[0].targetGroupArn");
    expect(formatPath([0, "a"])).toBe("[0].a");
    expect(stringsOf({ a: ["x", { b: "y" }], n: 1, z: null })).toEqual(["x", "y"]);
    expect(shortValue("short")).toBe('"short"');
    expect(shortValue(KNOWN_AFTER_APPLY)).toBe(KNOWN_AFTER_APPLY);
    expect(shortValue(undefined)).toBe("undefined");
    const long = shortValue(`arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-tg-blue-dev/31933b462fbeeeed`, 40);
    expect(long).toHaveLength(39);
    expect(long).toBe('"arn:aws:elasticloa…v/31933b462fbeeeed"');
  });
});

describe("the replacement rules", () => {
  const rule: ResourceReplacement = {
    kind: "resource",
    terraform: "aws_example",
    properties: ["vpcId", "deploymentController.type", "healthCheckCustomConfig"],
    oneOf: ["cidrIpv4", "referencedSecurityGroupId"],
    sources: [],
  };
  const change = (path: (string | number)[], before?: unknown, after?: unknown): ValueChange => ({
    path: formatPath(path),
    segments: path,
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
  });

  it("hits a property by its path, what is under it, and its parent block changed whole; list indices aside", () => {
    expect(pathHits(["vpcId"], "vpcId")).toBe(true);
    expect(pathHits(["healthCheckCustomConfig", 0, "failureThreshold"], "healthCheckCustomConfig")).toBe(true);
    expect(pathHits(["deploymentController"], "deploymentController.type")).toBe(true);
    expect(pathHits(["deploymentController", "type"], "deploymentController.type")).toBe(true);
    expect(pathHits(["vpcIds"], "vpcId")).toBe(false);
    expect(pathHits(["name"], "deploymentController.type")).toBe(false);
  });

  it("replaces on a table property, and on switching a rule's source from one kind to another, not on a new value of the same kind", () => {
    expect(forcingProperties(rule, [change(["vpcId"], "a", "b"), change(["description"], "x", "y")])).toEqual(["vpcId"]);
    expect(forcingProperties(rule, [change(["cidrIpv4"], "10.0.0.0/16", "10.1.0.0/16")])).toEqual([]);
    expect(
      forcingProperties(rule, [change(["cidrIpv4"], "10.0.0.0/16"), change(["referencedSecurityGroupId"], undefined, "sg-1")]),
    ).toEqual(["cidrIpv4 -> referencedSecurityGroupId"]);
    expect(forcingProperties({ ...rule, oneOf: undefined }, [change(["cidrIpv4"], "10.0.0.0/16")])).toEqual([]);
  });

  it("leaves alone what ignoreChanges names: a key and what is under it, an index or [*]", () => {
    expect(ignoredBy(["desiredCount", "loadBalancers"], ["loadBalancers", 0, "targetGroupArn"])).toBe(true);
    expect(ignoredBy(["actions[*].forward"], ["actions", 1, "forward", "targetGroups"])).toBe(true);
    expect(ignoredBy(["actions[0].forward"], ["actions", 1, "forward"])).toBe(false);
    expect(ignoredBy(["actions[1]"], ["actions", 1, "type"])).toBe(true);
    expect(ignoredBy(["a.b.c"], ["a", "b"])).toBe(false);
    expect(ignoredBy([], ["a"])).toBe(false);
  });
});
