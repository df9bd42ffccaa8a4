import { AFTER_DELETE, AfterDelete, daysOf, FINAL_SNAPSHOT_ID_RULES, SnapshotService } from "../../shared";
import { PlannedResource } from "../../shared/plan/capture";
import { fakeResource, inLifetime } from "../../shared/plan/fakeAws";
import { committedStacks, configOf, Plan, readStackSettings, runPlan } from "../../shared/plan/runner";
import { planStack } from "../harness";

/** One name a planned resource asks AWS for, with the row of the table that says what AWS does with it after a delete. */
interface NameUse {
  readonly row: AfterDelete;
  readonly value: string;
  readonly resource: PlannedResource;
}

const ROWS = AFTER_DELETE.map((f) => f.value);

/** Every name of the plan that the table covers: the value of each row's name input on each resource of its type. */
function namesOf(plan: Plan): NameUse[] {
  return plan.layers.flatMap((layer) =>
    layer.resources.flatMap((resource) =>
      ROWS.filter((row) => row.type === resource.type && row.nameInput !== undefined).flatMap((row) => {
        const value = resource.inputs[row.nameInput as string];
        return typeof value === "string" ? [{ row, value, resource }] : [];
      }),
    ),
  );
}

/** What a name is unique among: the names of one input of one type. */
const kind = (use: NameUse) => `${use.row.type} ${use.row.nameInput}`;
const key = (use: NameUse) => `${kind(use)} ${use.value}`;

/** The names AWS still holds after this lifetime's destroy, by key, with the days it holds them. */
function heldAfterDestroy(plan: Plan): Map<string, number> {
  const held = new Map<string, number>();
  for (const use of namesOf(plan)) {
    const days = daysOf(use.row.reservedDays, use.resource.inputs);
    if (days > 0) held.set(key(use), days);
  }
  return held;
}

/** The names the next lifetime asks for (deploying, or destroying: a final snapshot) that the previous destroy left held. */
function collisions(previous: Plan, next: Plan): NameUse[] {
  const held = heldAfterDestroy(previous);
  return namesOf(next).filter((use) => held.has(key(use)));
}

/** The final snapshots a destroy of this lifetime takes: the names AWS holds until someone deletes what it kept under them. */
function finalSnapshots(plan: Plan): NameUse[] {
  return namesOf(plan).filter((use) => daysOf(use.row.reservedDays, use.resource.inputs) === Infinity);
}

const SNAPSHOT_SERVICE: Readonly<Record<string, SnapshotService>> = {
  "aws:rds/cluster:Cluster": "rds",
  "aws:elasticache/replicationGroup:ReplicationGroup": "elasticache",
};

interface Case {
  readonly label: string;
  readonly stack: string;
  readonly overrides: Record<string, string>;
}

/** Every committed stack as it is, and the catalog stack with deletion protection: the one stack with a cache, so its final snapshot is played too. */
const CASES: Case[] = [
  ...committedStacks().map((stack) => ({ label: stack, stack, overrides: {} })),
  { label: "catalog-dev with deletion protection", stack: "catalog-dev", overrides: { deletionProtection: "true" } },
];

describe.each(CASES)("destroy, deploy, destroy, deploy of $label", ({ stack, overrides }) => {
  // Lifetime 1 is the plain plan (the committed one); lifetime 2 is the same stack deployed again after the first destroy.
  let first: Plan;
  let second: Plan;
  beforeAll(async () => {
    first = await planStack(stack, overrides);
    second = await inLifetime(2, () => runPlan({ stack, overrides }));
  });
  const cfg = () => configOf(stack, readStackSettings(stack, overrides));

  it("recreates the same resources", () => {
    const urns = (plan: Plan) => plan.layers.flatMap((l) => l.resources.map((r) => r.urn)).sort();
    expect(urns(second)).toEqual(urns(first));
  });

  it("asks the second deploy, and its destroy, for no name that AWS still holds after the first destroy", () => {
    expect(collisions(first, second).map(key)).toEqual([]);
  });

  it("names the final snapshots of the two destroys differently, each within its service's rule, and only with finalSnapshots", () => {
    const before = finalSnapshots(first);
    const after = finalSnapshots(second);
    const expected = cfg().finalSnapshots
      ? ["aws:rds/cluster:Cluster", ...(cfg().cacheCluster === undefined ? [] : ["aws:elasticache/replicationGroup:ReplicationGroup"])]
      : [];
    expect(before.map((use) => use.resource.type).sort()).toEqual(expected.sort());
    expect(after.map((use) => use.resource.type).sort()).toEqual(expected.sort());
    for (const use of [...before, ...after]) {
      const rule = FINAL_SNAPSHOT_ID_RULES.value[SNAPSHOT_SERVICE[use.resource.type]];
      expect(use.value).toMatch(rule.pattern);
      expect(use.value.length).toBeLessThanOrEqual(rule.max);
    }
    const firstIds = new Set(before.map((use) => use.value));
    expect(after.filter((use) => firstIds.has(use.value)).map(key)).toEqual([]);
  });
});

describe("the reserved-names table against the plans", () => {
  it("reads each row's name input where the plans create its type (the inline role policies alone take Pulumi's generated names)", async () => {
    const plans = await Promise.all(committedStacks().map((stack) => planStack(stack)));
    plans.push(await planStack("catalog-dev", { deletionProtection: "true" }, "data"));
    const resources = plans.flatMap((plan) => plan.layers.flatMap((l) => l.resources));
    const used = new Set(plans.flatMap((plan) => namesOf(plan).map(kind)));
    const unread = ROWS.filter((row) => row.nameInput !== undefined && resources.some((r) => r.type === row.type))
      .map((row) => `${row.type} ${row.nameInput}`)
      .filter((k) => !used.has(k));
    expect(unread).toEqual(["aws:iam/rolePolicy:RolePolicy name"]);
  });

  it("finds a collision where the first destroy leaves a name held: a fixed final snapshot identifier, or a secret with a recovery window", () => {
    const resource = (type: string, inputs: Record<string, unknown>): PlannedResource => ({
      urn: `urn:${type}`,
      type,
      name: "r",
      parent: null,
      custom: true,
      inputs,
      dependencies: [],
      ignoreChanges: [],
    });
    const planOf = (...resources: PlannedResource[]): Plan => ({
      stack: "s",
      system: "s",
      layers: [{ layer: "data", project: "p", stack: "s", resources, outputs: {} }],
    });
    const fixed = planOf(
      resource("aws:rds/cluster:Cluster", { clusterIdentifier: "shop-aurora-prod", finalSnapshotIdentifier: "shop-final" }),
    );
    expect(collisions(fixed, fixed).map(key)).toEqual(["aws:rds/cluster:Cluster finalSnapshotIdentifier shop-final"]);
    const windowed = planOf(resource("aws:secretsmanager/secret:Secret", { name: "shop-payment-prod" }));
    expect(collisions(windowed, windowed).map(key)).toEqual(["aws:secretsmanager/secret:Secret name shop-payment-prod"]);
    const freed = planOf(resource("aws:secretsmanager/secret:Secret", { name: "shop-payment-prod", recoveryWindowInDays: 0 }));
    expect(collisions(freed, freed)).toEqual([]);
  });
});

describe("the lifetimes of the offline plan's fakes", () => {
  it("leave the first lifetime as the plain plan and draw new generated values in the next, names given as inputs kept", async () => {
    const draw = () => fakeResource("random:index/randomId:RandomId", "data-final-snapshot", { byteLength: 4 }, "us-east-1");
    const plain = draw();
    expect(await inLifetime(1, async () => draw())).toEqual(plain);
    const again = await inLifetime(2, async () => draw());
    expect(again.state.hex).not.toEqual(plain.state.hex);
    expect(again.state.hex).toMatch(/^[0-9a-f]{8}$/);
    const secret = (n: number) =>
      inLifetime(n, async () =>
        fakeResource("aws:secretsmanager/secret:Secret", "data-payment", { name: "shop-payment-dev" }, "us-east-1"),
      );
    expect((await secret(2)).id).toMatch(/:secret:shop-payment-dev-[0-9a-f]{6}$/);
    expect((await secret(2)).id).not.toEqual((await secret(1)).id);
  });

  it("go back to the plain plan after a lifetime, even one that failed, and take whole numbers from 1", async () => {
    const plain = fakeResource("aws:kms/key:Key", "data-key", {}, "us-east-1");
    await expect(
      inLifetime(3, async () => {
        throw new Error("destroy stopped");
      }),
    ).rejects.toThrow("destroy stopped");
    expect(fakeResource("aws:kms/key:Key", "data-key", {}, "us-east-1")).toEqual(plain);
    await expect(inLifetime(0, async () => 1)).rejects.toThrow("a lifetime is a whole number from 1, not 0");
    await expect(inLifetime(1.5, async () => 1)).rejects.toThrow("not 1.5");
  });
});
