import { ACCOUNTS } from "../../shared/accounts";
import { quotaBudget } from "../../shared/plan/quotas";
import { committedStacks, Plan } from "../../shared/plan/runner";
import { layerOf, planStack } from "../harness";

const regionOf = (plan: Plan) => String(layerOf(plan, "network").outputs.region);

/** The plans of an account's stacks, by region; a short-lived environment after the stack whose layers it reads. */
async function byRegion(stacks: readonly string[]): Promise<Map<string, Plan[]>> {
  const regions = new Map<string, Plan[]>();
  for (const stack of stacks) {
    const plan = await planStack(stack);
    regions.set(regionOf(plan), [...(regions.get(regionOf(plan)) ?? []), plan]);
  }
  return regions;
}

describe("the committed stacks in their accounts, under AWS's default quotas", () => {
  it("assigns every committed stack to exactly one account", () => {
    expect(Object.values(ACCOUNTS).flat().sort()).toEqual(committedStacks());
  });

  it.each(Object.entries(ACCOUNTS))("the %s account's stacks fit together, region by region", async (_, stacks) => {
    for (const [region, plans] of await byRegion(stacks)) {
      const budget = quotaBudget(plans);
      expect({ region, over: budget.lines.filter((l) => !l.fits).map((l) => l.name) }).toEqual({ region, over: [] });
      expect(budget.copies).toBeGreaterThanOrEqual(1);
    }
  });

  it("would not fit orders-dev and orders-prod in one account: their six Elastic IPs (a NAT gateway per AZ each) exceed the five of a region", async () => {
    const budget = quotaBudget([await planStack("orders-dev"), await planStack("orders-prod")]);
    expect(budget.lines.filter((l) => !l.fits).map((l) => `${l.code} ${l.used}/${l.limit}`)).toEqual(["L-0263D0A3 6/5"]);
  });

  it("fits at least 20 short-lived environments next to orders-dev in us-east-1, bound by the load balancers", async () => {
    const budget = quotaBudget([await planStack("orders-dev"), await planStack("orders-pr-example")]);
    expect(budget.region).toBe("us-east-1");
    expect(budget.copies).toBeGreaterThanOrEqual(20);
    expect(budget.binding).toBe("Application Load Balancers per Region (L-53DA6B97)");
  });

  it("lets an account's own quotas replace the defaults", async () => {
    const plans = [await planStack("orders-dev"), await planStack("orders-pr-example")];
    expect(quotaBudget(plans, new Map([["L-53DA6B97", 10]])).copies).toBe(9);
  });
});
