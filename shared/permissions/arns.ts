import type { PlannedResource } from "../plan/capture";
import type { Layer } from "../layers";

/** A condition block of a policy statement. */
export type Condition = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/**
 * One ARN an action of a resource is authorized against, twice: `arn` as the
 * planned resource has it (for the tests to ask the policy about), `pattern`
 * as the policy names it, with `*` or `?` where AWS or a lifetime draws a
 * part (an id, a secret's six characters, the access log bucket's hex).
 */
export interface ArnRef {
  /** `<service>:<resource type>` as the Service Authorization Reference names the resource type, e.g. `rds:cluster`. */
  readonly kind: string;
  readonly arn: string;
  readonly pattern: string;
  /**
   * True when the pattern holds the resource's physical name (the policy may
   * widen it to `<system>-*-<suffix>`); false when AWS draws the whole
   * identifier (an EC2 id, a KMS key id, an API Gateway id), so the pattern
   * names only the resource type.
   */
  readonly nameScoped: boolean;
  /** A condition the statement granting actions on this ARN carries. */
  readonly condition?: Condition;
}

/** What an ARN is built from: the layer's identity and the resource. */
export interface ArnContext {
  readonly partition: string;
  readonly region: string;
  /** The account of the planned ARNs (the plan's fake account). */
  readonly account: string;
  readonly system: string;
  readonly environmentSuffix: string;
  readonly layer: Layer;
  /** The layer's outputs (the VPC's ids, which the awsx component does not show as resources). */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** The layer's resources (a secret version looks up its secret's key). */
  readonly resources: readonly PlannedResource[];
}

/** A resource whose inputs lack what its ARN needs. */
export class PermissionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermissionsError";
  }
}

/** A string input of a planned resource; fails naming the resource and the input when it is missing. */
export function input(r: PlannedResource, key: string): string {
  const value = r.inputs[key];
  if (typeof value !== "string" || value === "" || value === "[unknown]") {
    throw new PermissionsError(`${r.type} ${r.name} has no input ${key}: cannot name its ARN`);
  }
  return value;
}

/** A string input, or undefined. */
export function optionalInput(r: PlannedResource, key: string): string | undefined {
  const value = r.inputs[key];
  return typeof value === "string" && value !== "" && value !== "[unknown]" ? value : undefined;
}

/** The planned id of a provider resource. */
export function plannedId(r: PlannedResource): string {
  if (r.id === undefined || r.id === "") throw new PermissionsError(`${r.type} ${r.name} has no planned id`);
  return r.id;
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export function regionalArn(c: ArnContext, service: string, resource: string): string {
  return `arn:${c.partition}:${service}:${c.region}:${c.account}:${resource}`;
}

/** `arn:<partition>:<service>::<account>:<resource>` (IAM, CloudWatch dashboards). */
export function globalArn(c: ArnContext, service: string, resource: string): string {
  return `arn:${c.partition}:${service}::${c.account}:${resource}`;
}

/** An ARN named by the resource's physical name; `pattern` defaults to the ARN itself. */
export function named(kind: string, arn: string, pattern = arn, condition?: Condition): ArnRef {
  return { kind, arn, pattern, nameScoped: true, ...(condition === undefined ? {} : { condition }) };
}

/** An ARN whose identifier AWS draws: the policy names `<type>/*` of the region and account. */
export function drawn(kind: string, arn: string, pattern: string, condition?: Condition): ArnRef {
  return { kind, arn, pattern, nameScoped: false, ...(condition === undefined ? {} : { condition }) };
}

/** The partition of a region (`aws-cn` in China, `aws-us-gov` in GovCloud, `aws` elsewhere). */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** A Secrets Manager secret's name from its ARN (AWS appends `-` and six characters to the name). */
export function secretName(secretArn: string): string {
  const match = /:secret:(.+)-[A-Za-z0-9]{6}$/.exec(secretArn);
  if (!match) throw new PermissionsError(`not a Secrets Manager secret ARN: ${secretArn}`);
  return match[1];
}

/** The resource part of an ARN (after the fifth colon). */
export function arnResource(arn: string): string {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") throw new PermissionsError(`not an ARN: ${arn}`);
  return parts.slice(5).join(":");
}
