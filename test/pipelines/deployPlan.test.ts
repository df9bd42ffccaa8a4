import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import {
  ChangesFormatError,
  environmentOf,
  githubLastDeployed,
  main,
  matrixOf,
  PlanDeps,
  planDeploys,
  readChanges,
  summaryOf,
} from "../../.github/scripts/deploy-plan";
import { PlatformConfig } from "../../shared/config";
import type { LayerChange, ResourceChange } from "../../shared/changes/diff";
import { Layer, LAYERS, UPSTREAM } from "../../shared/layers";
import { committedStacks, configOf, readStackSettings } from "../../shared/plan/runner";

const ROOT = path.resolve(__dirname, "..", "..");
const BASE = "a".repeat(40);
const OLDER = "b".repeat(40);

type Changed = Partial<Record<Layer, { updates?: number; outputs?: string[] }>>;

/** A resource change as `npm run changes` reports it. */
function update(i: number): ResourceChange {
  return { urn: `urn:pulumi:x::p::t::r${i}`, type: "aws:ec2/vpc:Vpc", name: `r${i}`, action: "update", changes: [] };
}

/**
 * The part of a report of `npm run changes -- --json` the plan reads (typed
 * after shared/changes), every layer unchanged but those given: their
 * resource updates, and their changed outputs in the `reads` of the layers
 * below them.
 */
function report(changed: Changed = {}): { stack: string; layers: Pick<LayerChange, "layer" | "resources" | "reads">[] } {
  return {
    stack: "x",
    layers: LAYERS.map((layer) => ({
      layer,
      resources: Array.from({ length: changed[layer]?.updates ?? 0 }, (_, i) => update(i)),
      reads: UPSTREAM[layer].flatMap((u) =>
        (changed[u]?.outputs ?? []).length === 0 ? [] : [{ layer: u, outputs: changed[u]?.outputs ?? [] }],
      ),
    })),
  };
}

const configs = new Map<string, PlatformConfig>();
function config(stack: string): PlatformConfig {
  if (!configs.has(stack)) configs.set(stack, configOf(stack, readStackSettings(stack)));
  return configs.get(stack) as PlatformConfig;
}

/** The committed stacks, each environment last deployed at BASE, and the given reports by stack. */
function deps(overrides: Partial<PlanDeps> & { reports?: Record<string, unknown> } = {}): PlanDeps & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    stacks: () => committedStacks(),
    config,
    lastDeployed: () => BASE,
    hasCommit: () => true,
    changes: (stack, base) => {
      calls.push(`${stack}@${base.slice(0, 1)}`);
      return overrides.reports?.[stack] ?? report();
    },
    ...overrides,
  };
}

function decisions(plan: ReturnType<typeof planDeploys>, stack: string): Record<string, boolean> {
  const s = plan.stacks.find((p) => p.stack === stack);
  return Object.fromEntries((s?.layers ?? []).map((l) => [l.layer, l.deploy]));
}

describe("reading the report of npm run changes --json", () => {
  it("counts each layer's resource changes and keeps the changed outputs it reads", () => {
    expect(readChanges(report({ data: { updates: 3, outputs: ["clusterEndpoint"] } }))).toEqual({
      network: { resources: 0, reads: [] },
      data: { resources: 3, reads: [] },
      edge: { resources: 0, reads: [{ layer: "data", outputs: ["clusterEndpoint"] }] },
      compute: { resources: 0, reads: [{ layer: "data", outputs: ["clusterEndpoint"] }] },
    });
  });

  it("refuses a report it cannot read rather than take it for no change", () => {
    expect(() => readChanges({})).toThrow(ChangesFormatError);
    expect(() => readChanges({ layers: [] })).toThrow("the report has no `layers` list");
    expect(() => readChanges({ layers: [{ layer: "database", resources: [], reads: [] }] })).toThrow(
      'a layer entry without a known layer, resources and reads: {"layer":"database"',
    );
    expect(() => readChanges({ layers: [{ layer: "network", creates: 3 }] })).toThrow(ChangesFormatError);
  });
});

describe("the deploy plan", () => {
  it("deploys every layer a stack owns when no deployment to its environments succeeded yet", () => {
    const d = deps({ lastDeployed: () => undefined });
    const plan = planDeploys({}, d);
    expect(decisions(plan, "orders-dev")).toEqual({ network: true, data: true, edge: true, compute: true });
    expect(plan.stacks.find((s) => s.stack === "orders-dev")?.layers[0].why).toBe(
      "no successful deployment to environment orders-dev-network yet",
    );
    expect(d.calls).toEqual([]);
  });

  it("leaves out the stacks whose settings still hold placeholders, naming the keys", () => {
    const plan = planDeploys({}, deps({ lastDeployed: () => undefined }));
    expect(plan.stacks.map((s) => s.stack)).toEqual(["orders-dev", "orders-pr-example", "payments-dev"]);
    expect(plan.skipped.map((s) => s.stack)).toEqual(["catalog-dev", "orders-prod"]);
    expect(plan.skipped[1].why).toContain("platform:domainName, platform:hostedZoneId, platform:alarmEmails");
  });

  it("gives a short-lived environment only its own edge and compute, in the second wave", () => {
    const plan = planDeploys({}, deps({ lastDeployed: () => undefined }));
    const pr = plan.stacks.find((s) => s.stack === "orders-pr-example");
    expect(pr?.layers.map((l) => l.layer)).toEqual(["edge", "compute"]);
    expect(pr?.wave).toBe(2);
    expect(plan.stacks.find((s) => s.stack === "orders-dev")?.wave).toBe(1);
    expect(matrixOf(plan, 2)).toEqual([
      { stack: "orders-pr-example", region: "us-east-1", network: false, data: false, edge: true, compute: true },
    ]);
    expect(matrixOf(plan, 1).map((m) => m.stack)).toEqual(["orders-dev", "payments-dev"]);
  });

  it("deploys only the layer whose resources changed since its last deployment", () => {
    const d = deps({ reports: { "orders-dev": report({ compute: { updates: 2 } }) } });
    const plan = planDeploys({ stack: "orders-dev" }, d);
    expect(decisions(plan, "orders-dev")).toEqual({ network: false, data: false, edge: false, compute: true });
    expect(plan.stacks[0].layers[3].why).toBe("2 resource changes since aaaaaaa");
    expect(plan.stacks[0].layers[0].why).toBe("unchanged since aaaaaaa");
    expect(d.calls).toEqual(["orders-dev@a"]);
  });

  it("deploys the layers that read an output that changed, even with no change of their own", () => {
    const d = deps({ reports: { "orders-dev": report({ data: { updates: 1, outputs: ["clusterEndpoint"] } }) } });
    const plan = planDeploys({ stack: "orders-dev" }, d);
    expect(decisions(plan, "orders-dev")).toEqual({ network: false, data: true, edge: true, compute: true });
    expect(plan.stacks[0].layers[2].why).toBe("outputs it reads changed since aaaaaaa: data: clusterEndpoint");
  });

  it("deploys a short-lived environment's layers when the stack it reads changed an output they read", () => {
    const changed = report({ network: { updates: 1, outputs: ["privateSubnetIds"] } });
    const plan = planDeploys({}, deps({ reports: { "orders-dev": changed, "orders-pr-example": changed } }));
    expect(decisions(plan, "orders-dev")).toEqual({ network: true, data: true, edge: true, compute: true });
    expect(decisions(plan, "orders-pr-example")).toEqual({ edge: true, compute: true });
    expect(plan.stacks.find((s) => s.stack === "orders-pr-example")?.layers[0].why).toBe(
      "outputs it reads changed since aaaaaaa: network (stack orders-dev): privateSubnetIds",
    );
  });

  it("compares each layer with the commit last deployed to its own environment, asking once per commit", () => {
    const d = deps({
      lastDeployed: (environment) => (environment === environmentOf("orders-dev", "compute") ? BASE : OLDER),
      reports: { "orders-dev": report() },
    });
    planDeploys({ stack: "orders-dev" }, d);
    expect(d.calls).toEqual(["orders-dev@b", "orders-dev@a"]);
  });

  it("deploys, saying why, when the last deployed commit is not in the clone or the report cannot be read", () => {
    const gone = planDeploys({ stack: "payments-dev" }, deps({ hasCommit: () => false }));
    expect(gone.stacks[0].layers.every((l) => l.deploy && l.why === "its last deployed commit aaaaaaa is not in the history")).toBe(true);
    const failing = planDeploys(
      { stack: "payments-dev" },
      deps({
        changes: () => {
          throw new Error("Command failed: npm run -s changes");
        },
      }),
    );
    expect(failing.stacks[0].layers.map((l) => l.deploy)).toEqual([true, true, true, true]);
    expect(failing.stacks[0].layers[0].why).toContain("could not be read, so every layer is deployed: Command failed");
    const unreadable = planDeploys({ stack: "payments-dev" }, deps({ reports: { "payments-dev": { summary: "no layers" } } }));
    expect(unreadable.stacks[0].layers[3].why).toContain("the report has no `layers`");
  });

  it("deploys every owned layer when asked, without asking GitHub or npm run changes", () => {
    const d = deps({
      lastDeployed: () => {
        throw new Error("not asked");
      },
    });
    const plan = planDeploys({ stack: "orders-pr-example", allLayers: true }, d);
    expect(plan.stacks[0].layers).toEqual([
      { layer: "edge", deploy: true, why: "every layer was asked for" },
      { layer: "compute", deploy: true, why: "every layer was asked for" },
    ]);
  });

  it("keeps to the stacks DEPLOY_STACKS lists unless one is asked for by name, and refuses a stack that is not committed", () => {
    const plan = planDeploys({ stacks: ["payments-dev"] }, deps({ lastDeployed: () => undefined }));
    expect(plan.stacks.map((s) => s.stack)).toEqual(["payments-dev"]);
    const asked = planDeploys({ stack: "orders-dev", stacks: ["payments-dev"] }, deps({ lastDeployed: () => undefined }));
    expect(asked.stacks.map((s) => s.stack)).toEqual(["orders-dev"]);
    expect(() => planDeploys({ stack: "orders-qa" }, deps())).toThrow(
      'unknown stack "orders-qa": committed stacks are catalog-dev, orders-dev',
    );
    expect(() => planDeploys({ stacks: ["orders-dev", "nope"] }, deps())).toThrow('unknown stack "nope"');
  });

  it("refuses a stack that reads a stack that reads another: the workflow has two waves", () => {
    const settings = {
      ...readStackSettings("orders-pr-example"),
      "platform:environmentSuffix": "pr-2",
      "platform:networkStack": "orders-pr-example",
    };
    const d = deps({
      stacks: () => [...committedStacks(), "orders-pr-2"],
      config: (stack) => (stack === "orders-pr-2" ? configOf(stack, settings) : config(stack)),
    });
    expect(() => planDeploys({ stack: "orders-pr-2" }, d)).toThrow(
      "stack orders-pr-2 reads stack orders-pr-example, which reads another stack itself: the deploy workflow runs two waves only",
    );
  });

  it("gives deploy-stack.yml exactly the inputs it declares", () => {
    const workflow = yaml.load(fs.readFileSync(path.join(ROOT, ".github", "workflows", "deploy-stack.yml"), "utf8")) as {
      on: { workflow_call: { inputs: Record<string, unknown> } };
    };
    const [entry] = matrixOf(planDeploys({ stack: "orders-dev" }, deps({ lastDeployed: () => undefined })), 1);
    expect(Object.keys(entry).sort()).toEqual(Object.keys(workflow.on.workflow_call.inputs).sort());
  });

  it("summarizes every layer's decision and every stack left out", () => {
    const plan = planDeploys({}, deps({ reports: { "orders-dev": report({ edge: { updates: 1 } }) } }));
    const summary = summaryOf(plan);
    expect(summary).toContain("| `orders-dev` | edge | **deploy** | 1 resource change since aaaaaaa |");
    expect(summary).toContain("| `orders-dev` | network | skip | unchanged since aaaaaaa |");
    expect(summary).toContain("| `orders-prod` | all | skip | placeholder values:");
  });
});

describe("the last successful deployment of an environment, from GitHub's deployments", () => {
  function gh(responses: Record<string, unknown>): { run: (args: string[]) => string; asked: string[] } {
    const asked: string[] = [];
    return {
      asked,
      run: (args) => {
        asked.push(args[1]);
        if (!(args[1] in responses)) throw new Error(`unexpected ${args[1]}`);
        return JSON.stringify(responses[args[1]]);
      },
    };
  }
  const list = "repos/acme/platform/deployments?environment=orders-dev-data&per_page=30";

  it("is the newest deployment whose latest status is success", () => {
    const api = gh({
      [list]: [
        { id: 3, sha: "c3" },
        { id: 2, sha: "c2" },
        { id: 1, sha: "c1" },
      ],
      "repos/acme/platform/deployments/3/statuses?per_page=1": [{ state: "failure" }],
      "repos/acme/platform/deployments/2/statuses?per_page=1": [{ state: "success" }],
    });
    expect(githubLastDeployed("acme/platform", api.run)("orders-dev-data")).toBe("c2");
    expect(api.asked).toHaveLength(3);
  });

  it("is none when no deployment succeeded (or all were superseded)", () => {
    const api = gh({
      [list]: [{ id: 1, sha: "c1" }],
      "repos/acme/platform/deployments/1/statuses?per_page=1": [],
    });
    expect(githubLastDeployed("acme/platform", api.run)("orders-dev-data")).toBeUndefined();
  });
});

describe("the deploy plan's command line", () => {
  it("writes the two matrices as step outputs and the summary", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-plan-"));
    const output = path.join(dir, "output");
    const summary = path.join(dir, "summary");
    const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(
        main(
          ["--stacks", "orders-dev, orders-pr-example", "--github-output", output, "--summary", summary],
          deps({ lastDeployed: () => undefined }),
        ),
      ).toBe(0);
    } finally {
      write.mockRestore();
    }
    const lines = fs.readFileSync(output, "utf8").trim().split("\n");
    expect(lines).toEqual([
      'matrix=[{"stack":"orders-dev","region":"us-east-1","network":true,"data":true,"edge":true,"compute":true}]',
      'dependents=[{"stack":"orders-pr-example","region":"us-east-1","network":false,"data":false,"edge":true,"compute":true}]',
    ]);
    expect(fs.readFileSync(summary, "utf8")).toContain("### Deploy plan");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses an unknown flag with its usage", () => {
    expect(() => main(["--stak", "orders-dev"], deps())).toThrow(/unexpected argument "--stak"\nusage: deploy-plan.ts/);
  });
});
