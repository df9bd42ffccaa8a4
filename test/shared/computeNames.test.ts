import { COMPUTE_NAMES } from "../../shared/names/compute";
import { MAX_SUFFIX_LENGTH, MAX_SYSTEM_LENGTH, NAME_RULES, physicalName } from "../../shared/naming";
import { nameOf } from "../../shared/names";

describe("compute layer names", () => {
  it("keeps every compute name within its AWS rule for the longest system and suffix", () => {
    const longest = { system: `a${"b".repeat(MAX_SYSTEM_LENGTH - 1)}`, environmentSuffix: `c${"-d".repeat((MAX_SUFFIX_LENGTH - 2) / 2)}e` };
    expect(longest.environmentSuffix).toHaveLength(MAX_SUFFIX_LENGTH);
    for (const kind of Object.values(COMPUTE_NAMES)) {
      const name = physicalName(longest, kind);
      expect(name.length).toBeLessThanOrEqual(NAME_RULES[kind.rule].max);
      expect(name).toMatch(NAME_RULES[kind.rule].pattern);
    }
  });

  it("keeps the cluster and service names the edge layer's dashboard and alarms use", () => {
    const base = { system: "orders", environmentSuffix: "dev" };
    expect([nameOf(base, "ecsCluster"), nameOf(base, "ecsService"), nameOf(base, "infrastructureRole")]).toEqual([
      "orders-cluster-dev",
      "orders-api-dev",
      "orders-ecs-infrastructure-dev",
    ]);
  });
});
