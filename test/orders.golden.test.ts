import * as fs from "fs";
import * as path from "path";
import { Plan } from "../shared/plan/runner";
import { planStack } from "./harness";

const GOLDEN_DIR = path.join(__dirname, "golden");

/** What must not move in a plan: every resource's type, parent, inputs, dependencies, ignored changes and replacement trigger, and every output. */
function essence(plan: Plan): unknown {
  return plan.layers.map((layer) => ({
    layer: layer.layer,
    resources: Object.fromEntries(
      [...layer.resources]
        .sort((a, b) => a.urn.localeCompare(b.urn))
        .map((r) => [
          r.urn,
          {
            parent: r.parent,
            inputs: r.inputs,
            dependencies: [...r.dependencies].sort(),
            ignoreChanges: r.ignoreChanges,
            replacementTrigger: r.replacementTrigger,
          },
        ]),
    ),
    outputs: layer.outputs,
  }));
}

/**
 * The order API's committed stacks, recorded before the catalog and payment
 * presets were added. New options must leave them exactly as they were; an
 * intended shared change is recorded with `UPDATE_GOLDEN=1 npx jest
 * test/orders.golden.test.ts` and explained in its commit.
 */
describe.each(["orders-dev", "orders-prod"])("the %s plan", (stack) => {
  it("has the same resources, inputs, dependencies and outputs as its recorded plan", async () => {
    const actual = JSON.parse(JSON.stringify(essence(await planStack(stack)))) as unknown;
    const file = path.join(GOLDEN_DIR, `${stack}.json`);
    if (process.env.UPDATE_GOLDEN === "1") fs.writeFileSync(file, `${JSON.stringify(actual, null, 1)}\n`);
    expect(actual).toEqual(JSON.parse(fs.readFileSync(file, "utf8")));
  });
});
