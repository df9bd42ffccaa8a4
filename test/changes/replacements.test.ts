import * as fs from "fs";
import * as path from "path";
import { REPLACEMENTS } from "../../shared/changes/replacements";
import { CONTRACTS } from "../../shared/contracts";
import { UPSTREAM } from "../../shared/layers";
import { committedStacks, Plan } from "../../shared/plan/runner";
import { planStack } from "../harness";

const ROOT = path.resolve(__dirname, "..", "..");

/** The input names of a type's `Args` interface in the installed SDK's declarations. */
function inputNames(type: string): string[] {
  const aws = /^aws:([^/]+)\/([^:]+):(.+)$/.exec(type);
  const [file, name] = aws
    ? [path.join(ROOT, "node_modules/@pulumi/aws", aws[1], `${aws[2]}.d.ts`), `${aws[3]}Args`]
    : [path.join(ROOT, "node_modules/@pulumi/awsx/ec2/vpc.d.ts"), "VpcArgs"];
  const source = fs.readFileSync(file, "utf8");
  const start = source.indexOf(`export interface ${name} {`);
  expect(start).toBeGreaterThan(-1);
  return [...source.slice(start, source.indexOf("\n}\n", start)).matchAll(/^ {4}(\w+)\??:/gm)].map((m) => m[1]);
}

/** The types the README lists as having no entry in the table. */
function readmeUnknown(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, "shared/changes/README.md"), "utf8");
  const section = readme.split("### Types without an entry")[1].split("\n## ")[0].split("\n### ")[0];
  return [...section.matchAll(/^- `([^`]+)`/gm)].map((m) => m[1]).sort();
}

describe("the replacement table", () => {
  let plans: Plan[];
  beforeAll(async () => {
    plans = await Promise.all(committedStacks().map((s) => planStack(s)));
  });
  const planned = () => new Set(plans.flatMap((p) => p.layers.flatMap((l) => l.resources.map((r) => r.type))));

  it("names only inputs the installed SDK declares for each type", () => {
    for (const [type, rule] of Object.entries(REPLACEMENTS)) {
      const inputs = inputNames(type);
      const named = [...(rule.kind === "resource" ? [...rule.properties, ...(rule.oneOf ?? [])] : Object.keys(rule.properties))];
      expect({ type, unknown: named.map((p) => p.split(".")[0]).filter((p) => !inputs.includes(p)) }).toEqual({ type, unknown: [] });
    }
  });

  it("cites for each type the provider's schema at a commit, or its documentation page, with what it says", () => {
    for (const [type, rule] of Object.entries(REPLACEMENTS)) {
      expect(rule.sources.length).toBeGreaterThan(0);
      for (const source of rule.sources) {
        expect({ type, url: source.url }).toEqual({
          type,
          url: expect.stringMatching(
            /^https:\/\/(github\.com\/hashicorp\/terraform-provider-aws\/blob\/[0-9a-f]{40}\/internal\/service\/\S+\.go|registry\.terraform\.io\/providers\/hashicorp\/aws\/latest\/docs\/resources\/\w+|www\.pulumi\.com\/registry\/packages\/\S+)$/,
          ),
        });
        expect(source.says.length).toBeGreaterThan(10);
      }
    }
  });

  it("covers only types the committed stacks plan, and the README lists every other provider type as replacement unknown", () => {
    const types = planned();
    expect(Object.keys(REPLACEMENTS).filter((t) => !types.has(t))).toEqual([]);
    const without = [...types].filter((t) => !(t in REPLACEMENTS) && !t.startsWith("pulumi:") && !t.startsWith("platform:")).sort();
    expect(readmeUnknown()).toEqual(without);
  });

  it("is what a layer reads: every output of an upstream layer is a key of its contract, which the readers read whole", () => {
    for (const plan of plans) {
      for (const layer of plan.layers) {
        if (layer.layer === "compute") continue;
        const keys = Object.keys(CONTRACTS[layer.layer].keys);
        expect({ stack: plan.stack, layer: layer.layer, extra: Object.keys(layer.outputs).filter((k) => !keys.includes(k)) }).toEqual({
          stack: plan.stack,
          layer: layer.layer,
          extra: [],
        });
      }
    }
    expect(UPSTREAM.compute).toEqual(["network", "data", "edge"]);
  });
});
