import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LAYERS } from "../shared/layers";
import { checkedPlan, planReport } from "../shared/plan/command";
import { Plan } from "../shared/plan/runner";
import { RouteReport } from "../shared/routes";
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
    const plan = JSON.parse(fs.readFileSync(out, "utf8")) as Plan & { policy: { mandatory: number }; cost: { total: { min: number } }; routes: RouteReport };
    expect(plan.layers.map((l) => l.layer)).toEqual([...LAYERS]);
    expect(plan.policy.mandatory).toBe(0);
    expect(plan.cost.total.min).toBeGreaterThan(0);
    expect(plan.routes.problems).toEqual([]);
    expect(plan.routes.checks.find((c) => c.name === "plain HTTP GET /orders is redirected to HTTPS with 301")?.walk.outcome).toMatchObject({ kind: "redirected", status: 301 });
    expect(run.stdout).toContain("routes: 11 documented walks, all end where they should");
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

  it("fails when a documented path does not end where it should, naming the problem and the command that shows the walk", async () => {
    const checked = await checkedPlan({ stack: "orders-dev", overrides: {} });
    const broken = { ...checked, routes: { ...checked.routes, problems: ["GET /orders: expected to reach the container"] } };
    const report = planReport(broken, "p.json");
    expect(report).toMatchObject({ stderr: "plan failed: 1 route problem (npm run routes -- --stack orders-dev)\n", exitCode: 1 });
    expect(report.stdout).toContain("routes: 10 documented walks, 1 problem\n  - GET /orders: expected to reach the container");
    const both = { ...broken, routes: { ...broken.routes, problems: ["a", "b"] }, policy: { ...checked.policy, mandatory: 1 } };
    expect(planReport(both, "p.json").stderr).toBe("plan failed: 1 mandatory policy violation, 2 route problems (npm run routes -- --stack orders-dev)\n");
  });
});
