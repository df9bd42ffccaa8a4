import { Layer, LAYERS, PROJECTS } from "../layers";
import { PlannedResource } from "../plan/capture";
import { LayerPlan, Plan, PlanError } from "../plan/runner";
import { list, record, strings, text } from "../policy/props";

/**
 * The parts of `pulumi preview --json` output (Pulumi's `PreviewDigest`) the
 * estimate reads: each step's URN and the resource's new state.
 */
export interface PreviewDigest {
  readonly steps?: readonly unknown[];
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, split. */
export function parseUrn(urn: string): { stack: string; project: string; name: string } | undefined {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::.+::([^:]*)$/.exec(urn);
  return m === null ? undefined : { stack: m[1], project: m[2], name: m[3] };
}

const layerOfProject = (project: string): Layer | undefined => LAYERS.find((l) => PROJECTS[l] === project);

/**
 * The plan the real CLI previews, from one `pulumi preview --json` document
 * per layer: every resource the stack will hold after the update (its new
 * state; deleted resources have none), in the shape of the offline plan, so
 * the same estimate prices it. Throws a `PlanError` naming the file for a
 * document that is not a preview of a platform layer of `stack`.
 */
export function planFromPreviews(
  stack: string,
  system: string,
  previews: readonly { readonly file: string; readonly digest: PreviewDigest }[],
): Plan {
  const byLayer = new Map<Layer, Map<string, PlannedResource>>();
  for (const { file, digest } of previews) {
    const steps = list(record(digest)?.steps);
    if (steps.length === 0)
      throw new PlanError(`${file} has no steps; expected the output of \`pulumi preview --json\` of a layer's stack`);
    for (const raw of steps) {
      const state = record(record(raw)?.newState);
      const urn = text(state?.urn);
      if (state === undefined || urn === undefined) continue;
      const parsed = parseUrn(urn);
      const layer = parsed === undefined ? undefined : layerOfProject(parsed.project);
      if (parsed === undefined || layer === undefined) {
        throw new PlanError(
          `${file}: ${urn} is not a resource of a platform layer (projects: ${LAYERS.map((l) => PROJECTS[l]).join(", ")})`,
        );
      }
      if (parsed.stack !== stack)
        throw new PlanError(
          `${file}: ${urn} belongs to stack ${parsed.stack}, not ${stack}; pass --stack ${parsed.stack} or the previews of ${stack}`,
        );
      const resources = byLayer.get(layer) ?? new Map<string, PlannedResource>();
      byLayer.set(layer, resources);
      resources.set(urn, {
        urn,
        type: text(state.type) ?? "",
        name: parsed.name,
        parent: text(state.parent) ?? null,
        custom: state.custom === true,
        inputs: record(state.inputs) ?? {},
        dependencies: strings(state.dependencies),
        ignoreChanges: [],
      });
    }
  }
  const layers: LayerPlan[] = LAYERS.filter((l) => byLayer.has(l)).map((l) => ({
    layer: l,
    project: PROJECTS[l],
    stack,
    resources: [...(byLayer.get(l) as Map<string, PlannedResource>).values()],
    outputs: {},
  }));
  return { stack, system, layers };
}
