import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_DIR } from "../../shared/deploy/main";
import { LAYERS } from "../../shared/layers";
import { Plan } from "../../shared/plan/runner";
import { RouteReport } from "../../shared/routes";
import { NETWORK_STACK } from "../fixtures/upstream";
import { runTs } from "../fixtures/run";

// Slow by nature: each test starts the repository's commands in a child Node
// process, as a user's shell would. `npx jest --selectProjects fast` leaves them out.

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
    const plan = JSON.parse(fs.readFileSync(out, "utf8")) as Plan & {
      policy: { mandatory: number };
      cost: { total: { min: number } };
      routes: RouteReport;
    };
    expect(plan.layers.map((l) => l.layer)).toEqual([...LAYERS]);
    expect(plan.policy.mandatory).toBe(0);
    expect(plan.cost.total.min).toBeGreaterThan(0);
    expect(plan.routes.problems).toEqual([]);
    expect(plan.routes.checks.find((c) => c.name === "plain HTTP GET /orders is redirected to HTTPS with 301")?.walk.outcome).toMatchObject(
      { kind: "redirected", status: 301 },
    );
    expect(run.stdout).toContain("routes: 12 documented walks, all end where they should");
  });
});

describe("a layer program with an invalid setting", () => {
  it("fails naming the key, the value and what is allowed, before registering any resource", async () => {
    const run = await runTs("test/fixtures/invalid-config.ts");
    const results = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { layer: string; error: string | null; registered: string[] });
    expect(results.map((r) => r.layer)).toEqual([...LAYERS]);
    for (const result of results) {
      expect(result.error).toBe('platform:natGateways is "three"; expected one of "perAz", "single"');
      expect(result.registered).toEqual(["pulumi:pulumi:Stack"]);
    }
  });
});

describe("reading the upstream layers", () => {
  it("fail a deployment that reads a missing output or another system's stack, naming the output or the setting", async () => {
    const run = await runTs("test/fixtures/upstream-failures.ts");
    const results = Object.fromEntries(
      run.stdout
        .trim()
        .split("\n")
        .map((line) => {
          const { scenario, error } = JSON.parse(line) as { scenario: string; error: string | null };
          return [scenario, error];
        }),
    );
    expect(results.missingOutput).toBe(`Required output 'vpcId' does not exist on stack '${NETWORK_STACK}'.`);
    expect(results.otherSystem).toContain('belongs to system "catalog" in us-west-2');
  });
});

describe("the npm scripts (child processes)", () => {
  function npmScript(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ["-r", "./shared/register.js", "shared/deploy/cli.ts", ...args], { cwd: REPO_DIR, env });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("close", (code) => resolve({ code, stderr }));
    });
  }

  it("exits 1 saying the Pulumi CLI is missing, and lists the committed stacks for an unknown one", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-home-"));
    const env = { PATH: path.dirname(process.execPath), HOME: home };
    const [noCli, unknown] = await Promise.all([
      npmScript(["deploy", "--stack", "orders-dev"], env),
      npmScript(["destroy", "--stack", "orders-qa", "--yes"], env),
    ]);
    expect(noCli.code).toBe(1);
    expect(noCli.stderr).toMatch(/^deploy failed: the Pulumi CLI is not on PATH; install it \(https:\/\/www.pulumi.com\/docs\/install\//);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      'destroy failed: unknown stack "orders-qa": there is no stacks/Pulumi.orders-qa.yaml; committed stacks: catalog-dev, orders-dev, orders-pr-example, orders-prod, payments-dev.',
    );
    fs.rmSync(home, { recursive: true });
  }, 90_000);
});
