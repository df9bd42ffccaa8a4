import { DataKey, dataKeyDescription, MIN_KEY_DELETION_DAYS } from "../../stacks/data/key";
import { ApiTracing } from "../../stacks/compute/tracing";
import { buildComponent } from "../components";

describe("components built from their own args alone", () => {
  it("DataKey: a rotating key with the description and alias given, deleted after the minimum wait unless told otherwise", async () => {
    const resources = await buildComponent(() => new DataKey("k", { aliasName: "alias/shop-db-qa", description: dataKeyDescription({ system: "shop", environmentSuffix: "qa", cache: true }) }));
    const key = resources.find((r) => r.type === "aws:kms/key:Key");
    expect(key?.inputs).toMatchObject({
      description: "shop qa: Aurora storage, Performance Insights, database secrets, and the cache with its connection secret",
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: MIN_KEY_DELETION_DAYS,
    });
    expect(resources.find((r) => r.type === "aws:kms/alias:Alias")?.inputs).toMatchObject({ name: "alias/shop-db-qa" });
    const kept = await buildComponent(() => new DataKey("k", { aliasName: "alias/a", description: "d", deletionWindowInDays: 30 }));
    expect(kept.find((r) => r.type === "aws:kms/key:Key")?.inputs.deletionWindowInDays).toBe(30);
  });

  it("ApiTracing: one sampling rule for the named service at the given rate", async () => {
    const [rule] = await buildComponent(() => new ApiTracing("t", { ruleName: "shop-api-qa", serviceName: "shop-api-qa", samplingRate: 0.25 }));
    expect(rule.inputs).toMatchObject({ ruleName: "shop-api-qa", serviceName: "shop-api-qa", fixedRate: 0.25, reservoirSize: 1, priority: 1000 });
  });
});
