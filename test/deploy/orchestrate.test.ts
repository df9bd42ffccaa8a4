import * as fs from "fs";
import * as path from "path";
import { DeployError } from "../../shared/deploy/args";
import {
  checkUpstream,
  deletionProtectionRefusal,
  formatChanges,
  layerStackName,
  linePrefixer,
  PROTECTED_BY_SETTING,
  runDestroy,
  runLayers,
  runOutputs,
  RunContext,
  showOutput,
} from "../../shared/deploy/orchestrate";
import { configOf, readStackSettings } from "../../shared/plan/runner";
import { Layer, LAYERS } from "../../shared/layers";
import { RecordingStacks, stackOf } from "./fakes";

const ALL: Layer[] = ["network", "data", "edge", "compute"];
const REVERSE: Layer[] = ["compute", "edge", "data", "network"];
const REPO_ROOT = path.resolve(__dirname, "..", "..");

function context(ops: RecordingStacks, stack = "orders-dev", overrides: Record<string, string> = {}): RunContext & { text(): string } {
  const settings = readStackSettings(stack, overrides);
  const chunks: string[] = [];
  return { stack, settings, cfg: configOf(stack, settings), ops, out: (t) => chunks.push(t), text: () => chunks.join("") };
}

async function failure(run: Promise<unknown>): Promise<string> {
  const err = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof DeployError)) throw new Error(`expected a DeployError, got ${String(err)}`);
  return err.message;
}

describe("deploy orchestration", () => {
  it("deploys network, data, edge, compute in that order, each with the stack's committed settings", async () => {
    const ops = new RecordingStacks();
    const ctx = context(ops);
    await runLayers("deploy", ctx, ALL);
    expect(ops.calls).toEqual(ALL.map((l) => `up ${stackOf(l)}`));
    for (const layer of ALL) expect(ops.settings.get(stackOf(layer))).toEqual(readStackSettings("orders-dev"));
    expect(ops.settings.get(stackOf("compute"))).toMatchObject({
      "aws:region": "us-east-1",
      "platform:environmentSuffix": "dev",
      "platform:preset": "orders",
    });
    expect(ctx.text()).toContain("== compute: deployed (create 3, same 1)");
  });

  it("names each layer's stack <organization>/<project>/<stack>, as the other layers reference it", () => {
    const cfg = configOf("orders-prod", readStackSettings("orders-prod", { organization: "acme" }));
    expect(layerStackName(cfg, "edge", "orders-prod")).toBe("acme/platform-edge/orders-prod");
  });

  it("previews in deployment order when the upstream stacks exist, with each layer's change summary", async () => {
    const ops = new RecordingStacks(ALL);
    const ctx = context(ops);
    await runLayers("preview", ctx, ALL);
    expect(ops.calls).toEqual(ALL.map((l) => `preview ${stackOf(l)}`));
    for (const layer of ALL) expect(ctx.text()).toContain(`== ${layer}: previewed (create 5)`);
  });

  it("stops a preview of a never-deployed system at the first layer whose upstream is not deployed", async () => {
    const ops = new RecordingStacks();
    const message = await failure(runLayers("preview", context(ops), ALL));
    expect(ops.calls).toEqual([`preview ${stackOf("network")}`]);
    expect(message).toBe(
      'layer data needs outputs "system", "region", "environmentSuffix", "vpcId", "vpcCidr", "availabilityZones", "publicSubnetIds", "privateSubnetIds", "isolatedSubnetIds", "databaseSubnetIds", "loadBalancerSecurityGroupId", "serviceSecurityGroupId", "databaseSecurityGroupId", "databaseAdminSecurityGroupId", "loadBalancerPorts" ' +
        "of stack organization/platform-network/orders-dev, which it does not export; deploy the network layer of stack orders-dev first: `npm run deploy -- --stack orders-dev --layer network`",
    );
  });

  it("stops at the failing layer, runs nothing after it, and says which layer failed and how to resume", async () => {
    const ops = new RecordingStacks().fail("up", "data");
    const message = await failure(runLayers("deploy", context(ops), ALL));
    expect(ops.calls).toEqual([`up ${stackOf("network")}`, `up ${stackOf("data")}`]);
    expect(message).toBe(
      "layer data failed: Command failed with exit code 255: pulumi up --yes (edge, compute did not run)\n" +
        "fix it and resume with `npm run deploy -- --stack orders-dev --layer data`, or `npm run deploy -- --stack orders-dev --from data` to run it and then edge, compute",
    );
  });

  it("offers only the single-layer resume when the last layer fails", async () => {
    const ops = new RecordingStacks(["network", "data", "edge"]).fail("up", "compute");
    const message = await failure(runLayers("deploy", context(ops), ["compute"]));
    expect(message).toBe(
      "layer compute failed: Command failed with exit code 255: pulumi up --yes\nfix it and resume with `npm run deploy -- --stack orders-dev --layer compute`",
    );
  });

  it("streams each layer's progress line by line, prefixed with the layer's name, including the output of a failing layer", async () => {
    const ops = new RecordingStacks().fail("up", "data");
    const ctx = context(ops);
    await failure(runLayers("deploy", ctx, ALL));
    const lines = ctx.text().split("\n");
    expect(lines).toEqual(
      expect.arrayContaining([
        "== network: pulumi up of organization/platform-network/orders-dev",
        `[network] up of ${stackOf("network")}`,
        "[network]   step one",
        "[network]   partial line done",
        `[data] up of ${stackOf("data")}`,
        "[data]   partial",
      ]),
    );
  });

  it("deploys only the compute layer when its upstream stacks export every required output", async () => {
    const ops = new RecordingStacks(["network", "data", "edge"]);
    await runLayers("deploy", context(ops), ["compute"]);
    expect(ops.calls).toEqual([`up ${stackOf("compute")}`]);
  });

  it("refuses a single-layer deploy whose upstream stack does not exist, naming the stack to deploy first", async () => {
    const ops = new RecordingStacks(["network", "data"]);
    const message = await failure(runLayers("deploy", context(ops), ["compute"]));
    expect(ops.calls).toEqual([]);
    expect(message).toBe(
      "layer compute reads stack organization/platform-edge/orders-dev, which does not exist; deploy the edge layer of stack orders-dev first: `npm run deploy -- --stack orders-dev --layer edge`",
    );
  });

  it("refuses when an upstream stack lacks a required output of its contract, naming the output", async () => {
    const ops = new RecordingStacks(["network", "data", "edge"]);
    const edge = ops.stacks.get(stackOf("edge")) as Record<string, unknown>;
    delete edge.albArnSuffix;
    delete edge.redirectListenerArn;
    const message = await failure(checkUpstream(context(ops), "compute"));
    expect(message).toBe(
      'layer compute needs output "albArnSuffix" of stack organization/platform-edge/orders-dev, which it does not export; deploy the edge layer of stack orders-dev first: `npm run deploy -- --stack orders-dev --layer edge`',
    );
  });

  it("checks the upstream stack platform:networkStack names, and says to deploy that stack", async () => {
    const ops = new RecordingStacks(["data"], "pr-7");
    const message = await failure(checkUpstream(context(ops, "orders-dev", { networkStack: "pr-7", dataStack: "pr-7" }), "edge"));
    expect(message).toBe(
      "layer edge reads stack organization/platform-network/pr-7, which does not exist; deploy the network layer of stack pr-7 first: `npm run deploy -- --stack pr-7 --layer network`",
    );
  });

  it("runs --from edge as edge then compute", async () => {
    const ops = new RecordingStacks(["network", "data"]);
    await runLayers("deploy", context(ops), ["edge", "compute"]);
    expect(ops.calls).toEqual([`up ${stackOf("edge")}`, `up ${stackOf("compute")}`]);
  });
});

describe("destroy orchestration", () => {
  it("destroys compute, edge, data, network in that order with --yes, without asking", async () => {
    const ops = new RecordingStacks(ALL);
    const confirm = jest.fn();
    const ctx = context(ops);
    await runDestroy(ctx, REVERSE, { yes: true, confirm });
    expect(ops.calls).toEqual(REVERSE.map((l) => `destroy ${stackOf(l)}`));
    expect(confirm).not.toHaveBeenCalled();
    expect(ctx.text()).toContain("== network: destroyed (delete 4)");
  });

  it("refuses while deletion protection is on, saying which setting to change, before asking anything", async () => {
    const ops = new RecordingStacks(ALL, "orders-prod");
    const confirm = jest.fn();
    const message = await failure(runDestroy(context(ops, "orders-prod"), REVERSE, { yes: false, confirm }));
    expect(message).toBe(
      "deletion protection is on for stack orders-prod: set platform:deletionProtection to false in stacks/Pulumi.orders-prod.yaml and deploy the data, edge, compute layers first " +
        "(`npm run deploy -- --stack orders-prod --layer data`, then `npm run deploy -- --stack orders-prod --layer edge`, then `npm run deploy -- --stack orders-prod --layer compute`), " +
        "so AWS lets go of the database (deletion protection, final snapshot); the load balancer (deletion protection) and the access log bucket (emptied only when the setting is off); " +
        "the image repository (deleted with its images only when the setting is off); then destroy again",
    );
    expect(confirm).not.toHaveBeenCalled();
    expect(ops.calls).toEqual([]);
  });

  it("asks to redeploy exactly the layers of the run whose resources the setting protects, compute's image repository included", () => {
    expect(deletionProtectionRefusal("orders-prod", ["compute"]).message).toBe(
      "deletion protection is on for stack orders-prod: set platform:deletionProtection to false in stacks/Pulumi.orders-prod.yaml and deploy the compute layer first " +
        "(`npm run deploy -- --stack orders-prod --layer compute`), so AWS lets go of the image repository (deleted with its images only when the setting is off); then destroy again",
    );
    expect(deletionProtectionRefusal("orders-prod", ["data", "network"]).message).toContain(
      "deploy the data layer first (`npm run deploy -- --stack orders-prod --layer data`)",
    );
    expect(deletionProtectionRefusal("orders-prod", ["network"]).message).toBe(
      "deletion protection is on for stack orders-prod: set platform:deletionProtection to false in stacks/Pulumi.orders-prod.yaml, then destroy again",
    );
  });

  it("names in the refusal every layer whose committed program ties a deletion safeguard to platform:deletionProtection", () => {
    const tied = LAYERS.filter((layer) =>
      fs
        .readdirSync(path.join(REPO_ROOT, "stacks", layer))
        .some(
          (f) => f.endsWith(".ts") && fs.readFileSync(path.join(REPO_ROOT, "stacks", layer, f), "utf8").includes("cfg.deletionProtection"),
        ),
    );
    expect(tied).toEqual(["data", "edge", "compute"]);
    expect(Object.keys(PROTECTED_BY_SETTING).sort()).toEqual([...tied].sort());
  });

  it("destroys a production stack once deletion protection is off", async () => {
    const ops = new RecordingStacks(["compute"], "orders-prod");
    await runDestroy(context(ops, "orders-prod", { deletionProtection: "false" }), ["compute"], { yes: true });
    expect(ops.calls).toEqual([`destroy ${stackOf("compute", "orders-prod")}`]);
  });

  it("refuses without --yes when stdin is not a terminal", async () => {
    const ops = new RecordingStacks(ALL);
    const message = await failure(runDestroy(context(ops), REVERSE, { yes: false }));
    expect(message).toBe("destroy asks for confirmation and stdin is not a terminal; run it in a terminal, or pass --yes");
    expect(ops.calls).toEqual([]);
  });

  it("asks to type the stack name, and destroys nothing on any other answer", async () => {
    const ops = new RecordingStacks(ALL);
    const confirm = jest.fn().mockResolvedValue("yes\n");
    const message = await failure(runDestroy(context(ops), REVERSE, { yes: false, confirm }));
    expect(confirm).toHaveBeenCalledWith(
      "This destroys the compute, edge, data, network layers of stack orders-dev. Type the stack name to confirm: ",
    );
    expect(message).toBe('not confirmed ("yes" is not "orders-dev"); nothing was destroyed');
    expect(ops.calls).toEqual([]);
  });

  it("destroys after the stack name is typed", async () => {
    const ops = new RecordingStacks(["compute"]);
    const confirm = jest.fn().mockResolvedValue(" orders-dev\n");
    await runDestroy(context(ops), ["compute"], { yes: false, confirm });
    expect(confirm).toHaveBeenCalledWith("This destroys the compute layer of stack orders-dev. Type the stack name to confirm: ");
    expect(ops.calls).toEqual([`destroy ${stackOf("compute")}`]);
  });

  it("refuses to destroy one layer while a deployed layer above it still reads it", async () => {
    const ops = new RecordingStacks(["network", "data"]);
    const message = await failure(runDestroy(context(ops), ["network"], { yes: true }));
    expect(message).toBe(
      "layer data (stack organization/platform-data/orders-dev) still reads the network layer; destroy it first: `npm run destroy -- --stack orders-dev --layer data`",
    );
    expect(ops.calls).toEqual([]);
  });

  it("destroys one layer when the layers above it are destroyed (stacks kept, no outputs) or never existed", async () => {
    const ops = new RecordingStacks(["network"]);
    ops.stacks.set(stackOf("data"), {});
    await runDestroy(context(ops), ["network"], { yes: true });
    expect(ops.calls).toEqual([`destroy ${stackOf("network")}`]);
  });

  it("skips layers that have no stack", async () => {
    const ops = new RecordingStacks(["network"]);
    const ctx = context(ops);
    await runDestroy(ctx, REVERSE, { yes: true });
    expect(ops.calls).toEqual([`destroy ${stackOf("network")}`]);
    expect(ctx.text()).toContain("== compute: no stack organization/platform-compute/orders-dev; nothing to destroy");
  });

  it("stops at the failing layer and says how to resume the destroy", async () => {
    const ops = new RecordingStacks(ALL).fail("destroy", "edge");
    const message = await failure(runDestroy(context(ops), REVERSE, { yes: true }));
    expect(ops.calls).toEqual([`destroy ${stackOf("compute")}`, `destroy ${stackOf("edge")}`]);
    expect(message).toContain("layer edge failed: Command failed with exit code 255: pulumi destroy --yes (data, network did not run)");
    expect(message).toContain("`npm run destroy -- --stack orders-dev --from edge` to run it and then data, network");
  });
});

describe("outputs", () => {
  it("lists every layer's outputs with secrets hidden, and says which layers are not deployed", async () => {
    const ops = new RecordingStacks(["network", "data"]);
    ops.stacks.set(stackOf("edge"), {});
    const ctx = context(ops);
    await runOutputs(ctx, ALL, false);
    const text = ctx.text();
    expect(text).toContain('   vpcId = "network-vpcId"');
    expect(text).toContain("   masterSecretArn = [secret]");
    expect(text).not.toContain("data-masterSecretArn");
    expect(text).toContain("== edge: organization/platform-edge/orders-dev (no outputs: destroyed, or never deployed)");
    expect(text).toContain("== compute: not deployed (no stack organization/platform-compute/orders-dev)");
  });

  it("shows secret values with --show-secrets", async () => {
    const ops = new RecordingStacks(["data"]);
    const ctx = context(ops);
    await runOutputs(ctx, ["data"], true);
    expect(ctx.text()).toContain('   masterSecretArn = "data-masterSecretArn"');
    expect(showOutput({ value: [1, 2], secret: false }, false)).toBe("[1,2]");
  });
});

describe("progress and summaries", () => {
  it("prefixes whole lines only, keeping a partial line until it ends or is flushed", () => {
    const written: string[] = [];
    const p = linePrefixer("edge", (t) => written.push(t));
    p.push("a\nb");
    expect(written).toEqual(["[edge] a\n"]);
    p.push("c\n\nd");
    p.flush();
    p.flush();
    expect(written).toEqual(["[edge] a\n", "[edge] bc\n", "[edge] \n", "[edge] d\n"]);
  });

  it("lists changes as create, update, replace, delete, same, then other kinds, leaving out zeros", () => {
    expect(formatChanges({ same: 12, create: 3, read: 1, update: 0, delete: 2, import: 1 })).toBe(
      "create 3, delete 2, same 12, import 1, read 1",
    );
    expect(formatChanges({})).toBe("no resources");
    expect(formatChanges({ same: undefined })).toBe("no resources");
  });

  it("reports a non-Error failure by its text", async () => {
    const ops = new RecordingStacks();
    ops.up = () => Promise.reject("\n  ");
    const message = await failure(runLayers("deploy", context(ops), ["network"]));
    expect(message).toContain("layer network failed: unknown error");
  });
});
