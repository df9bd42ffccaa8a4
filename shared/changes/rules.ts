import { Path, schemaPath, ValueChange } from "./values";

/** Where a replace-on-change property is written down, and what it says there. */
export interface Source {
  /** The provider's schema or documentation page, at the commit read. */
  readonly url: string;
  /** The words or schema lines that say so, short. */
  readonly says: string;
}

/** A provider resource type: the inputs whose change makes AWS (through the provider) replace the resource instead of updating it. */
export interface ResourceReplacement {
  readonly kind: "resource";
  /** The Terraform resource the Pulumi type bridges. */
  readonly terraform: string;
  /**
   * Input paths, as the plan names them (Pulumi's camelCase), whose change
   * replaces the resource; a path covers everything under it, and a nested
   * path (`deploymentController.type`) is met also when its parent changes.
   */
  readonly properties: readonly string[];
  /**
   * Inputs of which exactly one is set (a rule's source: a CIDR, a prefix
   * list or a security group): setting another one instead replaces.
   */
  readonly oneOf?: readonly string[];
  readonly sources: readonly Source[];
}

/** What one input of a component replaces inside it. */
export interface InsideReplacement {
  /** In words, for the report: "the VPC and every subnet". */
  readonly replaces: string;
  /** The prefixes of the AWS ids those resources get anew (`vpc-`, `subnet-`): the values the component hands on that change. */
  readonly idPrefixes: readonly string[];
}

/**
 * A component that Pulumi runs as one resource of the plan but that creates
 * provider resources the plan does not show (the awsx VPC): for each of its
 * inputs, the resources inside that its change replaces.
 */
export interface ComponentReplacement {
  readonly kind: "component";
  readonly properties: Readonly<Record<string, InsideReplacement>>;
  readonly sources: readonly Source[];
}

export type Replacement = ResourceReplacement | ComponentReplacement;

/** Whether a changed input path falls under a table path (or the table path under it: a parent block changed whole). */
export function pathHits(changed: Path, property: string): boolean {
  const a = schemaPath(changed);
  const b = property.split(".");
  const n = Math.min(a.length, b.length);
  return a.slice(0, n).every((seg, i) => seg === b[i]);
}

/** The table properties a resource's changed input paths hit: what makes the update a replacement. */
export function forcingProperties(rule: ResourceReplacement, changes: readonly ValueChange[]): string[] {
  const hits = new Set<string>();
  for (const change of changes) for (const property of rule.properties) if (pathHits(change.segments, property)) hits.add(property);
  const oneOf = rule.oneOf ?? [];
  const removed = changes.filter((c) => c.after === undefined && oneOf.includes(c.path)).map((c) => c.path);
  const added = changes.filter((c) => c.before === undefined && oneOf.includes(c.path)).map((c) => c.path);
  if (removed.length > 0 && added.length > 0) hits.add(`${removed.join(", ")} -> ${added.join(", ")}`);
  return [...hits].sort();
}

/**
 * Whether an input path is one the resource's `ignoreChanges` option leaves
 * alone: an ignored path covers everything under it; `[*]` matches any index.
 */
export function ignoredBy(ignoreChanges: readonly string[], changed: Path): boolean {
  return ignoreChanges.some((ignored) => {
    const segs = ignored.match(/[^.[\]]+|\[[^\]]*\]/g) ?? [];
    if (segs.length > changed.length) return false;
    return segs.every((seg, i) => {
      const at = changed[i];
      if (seg.startsWith("[")) return seg === "[*]" || seg === `[${String(at)}]`;
      return seg === at;
    });
  });
}
