import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkedPlan, planReport, readAccountQuotas, subscribersSummary } from "../../shared/plan/command";
import { planStack } from "../harness";

describe("the plan command", () => {
  it("fails on a mandatory policy violation after printing the report", async () => {
    const checked = await checkedPlan({ stack: "orders-dev", overrides: {} }, await planStack("orders-dev"));
    expect(planReport(checked, "p.json")).toMatchObject({ stderr: "", exitCode: 0 });
    const one = { ...checked, policy: { ...checked.policy, mandatory: 1 } };
    const two = { ...checked, policy: { ...checked.policy, mandatory: 2 } };
    expect(planReport(one, "p.json")).toMatchObject({ stderr: "plan failed: 1 mandatory policy violation\n", exitCode: 1 });
    expect(planReport(two, "p.json").stderr).toBe("plan failed: 2 mandatory policy violations\n");
    expect(planReport(one, "p.json").stdout).toContain("plan written to p.json");
  });

  it("fails when a documented path does not end where it should, naming the problem and the command that shows the walk", async () => {
    const checked = await checkedPlan({ stack: "orders-dev", overrides: {} }, await planStack("orders-dev"));
    const broken = { ...checked, routes: { ...checked.routes, problems: ["GET /orders: expected to reach the container"] } };
    const report = planReport(broken, "p.json");
    expect(report).toMatchObject({ stderr: "plan failed: 1 route problem (npm run routes -- --stack orders-dev)\n", exitCode: 1 });
    expect(report.stdout).toContain("routes: 11 documented walks, 1 problem\n  - GET /orders: expected to reach the container");
    const both = { ...broken, routes: { ...broken.routes, problems: ["a", "b"] }, policy: { ...checked.policy, mandatory: 1 } };
    expect(planReport(both, "p.json").stderr).toBe(
      "plan failed: 1 mandatory policy violation, 2 route problems (npm run routes -- --stack orders-dev)\n",
    );
  });

  it("carries the reaction to a burst, term by term, in the plan JSON and the report, and leaves it out of a plan that stops before compute", async () => {
    const dev = await checkedPlan({ stack: "orders-dev", overrides: { scalingTaskStartSeconds: "45" } }, await planStack("orders-dev"));
    expect(dev.reaction).toMatchObject({ path: "burst", seconds: 90, goalSeconds: 90 });
    expect(JSON.parse(JSON.stringify(dev)).reaction.terms).toHaveLength(8);
    expect(planReport(dev, "p.json").stdout).toContain("== reaction to a burst (10-second alarm, step scaling): 90 s, goal 90 s: met\n");
    const upToData = await checkedPlan({ stack: "orders-dev", overrides: {} }, await planStack("orders-dev", {}, "data"));
    expect(upToData).not.toHaveProperty("reaction");
    expect(planReport(upToData, "p.json").stdout).not.toContain("reaction to a burst");
  });

  it("says who the alarms reach, and that a development stack reaches nobody", async () => {
    const dev = await checkedPlan({ stack: "orders-dev", overrides: {} }, await planStack("orders-dev"));
    expect(dev.alarmSubscribers).toEqual([]);
    expect(planReport(dev, "p.json").stdout).toContain(
      "\nalarm notifications: nobody subscribed (a development stack may leave platform:alarmEmails empty; production may not)\n",
    );
    expect(subscribersSummary(["a@b.io", "c@d.io"])).toBe("alarm notifications: a@b.io, c@d.io (each confirms its subscription by email)");
  });

  it("budgets the stack's quotas under AWS's defaults, or under the account's own from --quotas", async () => {
    const dev = await checkedPlan({ stack: "orders-dev", overrides: {} }, await planStack("orders-dev"));
    expect(dev.quotas).toMatchObject({ region: "us-east-1", copies: 1, binding: "EC2-VPC Elastic IPs (L-0263D0A3)" });
    expect(planReport(dev, "p.json").stdout).toContain("Copies that fit: 1, bound by EC2-VPC Elastic IPs (L-0263D0A3)");
    const file = path.join(os.tmpdir(), `quotas-${process.pid}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({ Quotas: [{ ServiceCode: "ec2", QuotaCode: "L-0263D0A3", QuotaName: "EC2-VPC Elastic IPs", Value: 30 }] }),
    );
    const raised = await checkedPlan({ stack: "orders-dev", overrides: {}, quotas: file }, await planStack("orders-dev"));
    expect(raised.quotas.lines.find((l) => l.code === "L-0263D0A3")).toMatchObject({ used: 3, limit: 30 });
    expect(raised.quotas.copies).toBeGreaterThan(1);
    fs.writeFileSync(file, "{ not json");
    expect(() => readAccountQuotas(file)).toThrow(`--quotas ${file}: `);
    fs.rmSync(file);
    expect(() => readAccountQuotas(file)).toThrow(`--quotas ${file}: the file cannot be read`);
  });
});
