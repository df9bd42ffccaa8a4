import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LAYERS } from "../shared/layers";
import { checkedPlan, planReport } from "../shared/plan/command";
import { Plan } from "../shared/plan/runner";
import { runTs } from "./fixtures/run";

describe("the plan command", () => {
  it("exits non-zero naming the key, the value and what is allowed on invalid config, writing no plan", async () => {
    const out = path.join(os.tmpdir(), `plan-invalid-${process.pid}.json`);
    const run = await runTs("shared/plan/cli.ts", ["--stack", "orders-dev", "--set", "natGateways=three", "--out", out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('plan failed: platform:natGateways is "three"; expected one of "perAz", "single"');
    expect(fs.existsSync(out)).toBe(false);
  });

  it("writes the JSON plan with the policy results and the cost estimate, and prints the summary", async () => {
    const out = path.join(os.tmpdir(), `plan-ok-${process.pid}.json`);
    const run = await runTs("shared/plan/cli.ts", ["--stack", "orders-prod", "--out", out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("plan of stack orders-prod (system orders)");
    expect(run.stdout).toContain(`plan written to ${out}`);
    const plan = JSON.parse(fs.readFileSync(out, "utf8")) as Plan & { policy: { mandatory: number }; cost: { total: { min: number } } };
    expect(plan.layers.map((l) => l.layer)).toEqual([...LAYERS]);
    expect(plan.policy.mandatory).toBe(0);
    expect(plan.cost.total.min).toBeGreaterThan(0);
  });

  it("fails on a mandatory policy violation after printing the report", async () => {
    const checked = await checkedPlan({ stack: "orders-dev", overrides: {} });
    expect(planReport(checked, "p.json")).toMatchObject({ stderr: "", exitCode: 0 });
    const one = { ...checked, policy: { ...checked.policy, mandatory: 1 } };
    const two = { ...checked, policy: { ...checked.policy, mandatory: 2 } };
    expect(planReport(one, "p.json")).toMatchObject({ stderr: "plan failed: 1 mandatory policy violation\n", exitCode: 1 });
    expect(planReport(two, "p.json").stderr).toBe("plan failed: 2 mandatory policy violations\n");
    expect(planReport(one, "p.json").stdout).toContain("plan written to p.json");
  });
});
