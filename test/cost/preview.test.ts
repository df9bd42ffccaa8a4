import { runEntry } from "../fixtures/entry";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { costCommand, errorText, parseCostArgs } from "../../shared/cost/command";
import { estimateCost } from "../../shared/cost/estimate";
import { parseUrn, planFromPreviews, PreviewDigest } from "../../shared/cost/preview";
import { configOf, LayerPlan, PlanError, readStackSettings } from "../../shared/plan/runner";
import { planStack } from "../harness";

/** A layer of the offline plan as `pulumi preview --json` reports it: one step per resource, with its new state. */
function digestOf(layer: LayerPlan, op = "create"): PreviewDigest {
  return {
    steps: layer.resources.map((r) => ({
      op,
      urn: r.urn,
      newState: {
        urn: r.urn,
        custom: r.custom,
        type: r.type,
        inputs: r.inputs,
        parent: r.parent ?? "",
        dependencies: r.dependencies,
        propertyDependencies: {},
      },
    })),
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cost-previews-"));
afterAll(() => fs.rmSync(dir, { recursive: true }));
const write = (name: string, content: unknown) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
};

describe("cost of a real CLI preview", () => {
  it("prices the previews of the four layers exactly as the offline plan of the same stack", async () => {
    const plan = await planStack("orders-prod");
    const cfg = configOf("orders-prod", readStackSettings("orders-prod"));
    const fromPreviews = planFromPreviews(
      "orders-prod",
      "orders",
      plan.layers.map((l) => ({ file: `${l.layer}.json`, digest: digestOf(l, "same") })),
    );
    expect(fromPreviews.layers.map((l) => [l.layer, l.resources.length])).toEqual(plan.layers.map((l) => [l.layer, l.resources.length]));
    const offline = estimateCost(plan, cfg);
    const real = estimateCost(fromPreviews, cfg);
    expect(real.byLayer).toEqual(offline.byLayer);
    expect(real.total).toEqual(offline.total);
    expect(real.unlisted).toEqual([]);
  });

  it("runs as npm run cost on preview files, with --set assumptions, printing the estimate", async () => {
    const plan = await planStack("orders-dev");
    const files = plan.layers.map((l) => write(`dev-${l.layer}.json`, digestOf(l)));
    const r = costCommand(["--stack", "orders-dev", "--set", "platform:costNatGbPerMonth=200", ...files]);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^== cost: estimated monthly USD in us-east-1, at 3 tasks \(min\) and 10 tasks \(max\)/);
    expect(r.stdout).toMatch(/NAT gateway data processed +\$9\.00 +\$9\.00/);
    expect(r.stdout).toContain("layers: network (");
  });

  it("keeps each resource's new state once: deletes have none, a replacement's steps share the URN", () => {
    const urn = "urn:pulumi:orders-dev::platform-data::aws:kms/key:Key::data-key";
    const state = { urn, type: "aws:kms/key:Key", custom: true, inputs: {} };
    const plan = planFromPreviews("orders-dev", "orders", [
      {
        file: "data.json",
        digest: {
          steps: [
            { op: "create-replacement", urn, newState: state },
            { op: "replace", urn, newState: state },
            { op: "delete-replaced", urn, oldState: state },
            { op: "delete", urn: "urn:pulumi:orders-dev::platform-data::aws:kms/key:Key::old", oldState: { ...state, urn: "x" } },
          ],
        },
      },
    ]);
    expect(plan.layers).toHaveLength(1);
    expect(plan.layers[0].resources).toEqual([
      { urn, type: "aws:kms/key:Key", name: "data-key", parent: null, custom: true, inputs: {}, dependencies: [], ignoreChanges: [] },
    ]);
    expect(estimateCost(plan, configOf("orders-dev", readStackSettings("orders-dev"))).byKind["KMS keys"]).toEqual({ min: 1, max: 1 });
  });

  it("reads URNs, nested types included", () => {
    expect(parseUrn("urn:pulumi:orders-dev::platform-edge::platform:edge:Monitoring$aws:sns/topic:Topic::edge-topic")).toEqual({
      stack: "orders-dev",
      project: "platform-edge",
      name: "edge-topic",
    });
    expect(parseUrn("not-a-urn")).toBeUndefined();
  });

  it("refuses a document that is not a preview of the stack's platform layers, naming the file", () => {
    const step = (urn: string) => ({ steps: [{ op: "create", urn, newState: { urn, type: "aws:kms/key:Key" } }] });
    const from = (digest: PreviewDigest) => () => planFromPreviews("orders-dev", "orders", [{ file: "x.json", digest }]);
    expect(from({})).toThrow(new PlanError("x.json has no steps; expected the output of `pulumi preview --json` of a layer's stack"));
    expect(from(step("urn:pulumi:orders-dev::other::aws:kms/key:Key::k"))).toThrow(
      "x.json: urn:pulumi:orders-dev::other::aws:kms/key:Key::k is not a resource of a platform layer (projects: platform-network, platform-data, platform-edge, platform-compute)",
    );
    expect(from(step("bad"))).toThrow("x.json: bad is not a resource of a platform layer");
    expect(from(step("urn:pulumi:orders-prod::platform-data::aws:kms/key:Key::k"))).toThrow(
      "x.json: urn:pulumi:orders-prod::platform-data::aws:kms/key:Key::k belongs to stack orders-prod, not orders-dev; pass --stack orders-prod or the previews of orders-dev",
    );
    expect(planFromPreviews("orders-dev", "orders", [{ file: "x.json", digest: { steps: [{ op: "same", urn: "u" }] } }]).layers).toEqual(
      [],
    );
  });

  it("fails with exit 1 on a bad command line, an unreadable or non-JSON file, invalid settings and an uncatalogued type", () => {
    expect(() => parseCostArgs(["--stack"])).toThrow("--stack needs a value; usage: npm run cost");
    expect(() => parseCostArgs(["--out", "x"])).toThrow('unexpected argument "--out"');
    expect(() => parseCostArgs(["--stack", "orders-dev", "--set", "x"])).toThrow('--set takes key=value, got "x"');
    expect(() => parseCostArgs(["a.json"])).toThrow("--stack is required");
    expect(() => parseCostArgs(["--stack", "orders-dev"])).toThrow("no preview file given");
    expect(costCommand(["--stack", "orders-dev", path.join(dir, "missing.json")]).stderr).toBe(
      `cost failed: cannot read ${path.join(dir, "missing.json")}; usage: npm run cost -- --stack <stack> [--set key=value ...] <preview.json> ... (each the output of \`pulumi preview --json\` of one layer's stack)\n`,
    );
    const text = write("text.json", "Previewing update (orders-dev)");
    expect(costCommand(["--stack", "orders-dev", text])).toEqual({
      stdout: "",
      stderr: `cost failed: ${text} is not JSON; expected the output of \`pulumi preview --json\`\n`,
      exitCode: 1,
    });
    expect(costCommand(["--stack", "orders-dev", "--set", "costHoursPerMonth=800", text]).stderr).toBe(
      'cost failed: platform:costHoursPerMonth is "800"; expected an integer from 672 to 744\n',
    );
    const urn = "urn:pulumi:orders-dev::platform-edge::aws:cloudfront/distribution:Distribution::cdn";
    const unknown = write("unknown.json", {
      steps: [{ op: "create", urn, newState: { urn, type: "aws:cloudfront/distribution:Distribution" } }],
    });
    const r = costCommand(["--stack", "orders-dev", unknown]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe("cost failed: types not in shared/cost/catalog.ts: aws:cloudfront/distribution:Distribution\n");
  });

  it("reports its own errors by their message and anything unexpected with its stack trace", () => {
    expect(errorText(new PlanError("no settings"))).toBe("no settings");
    const unexpected = new TypeError("disk on fire");
    expect(errorText(unexpected)).toBe(unexpected.stack);
    const bare = new Error("bare");
    bare.stack = undefined;
    expect(errorText(bare)).toBe("bare");
    expect(errorText("text")).toBe("text");
  });

  it("sets the exit code from the command's result when run as the entry point", async () => {
    const run = await runEntry(() => require("../../shared/cost/cli"), ["--stack", "orders-dev"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("cost failed: no preview file given");
  });
});
