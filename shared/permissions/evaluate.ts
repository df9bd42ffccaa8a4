import type { PolicyDocument, PolicyStatement } from "../iam";

/**
 * A small IAM evaluator for identity policies that only allow (the
 * platform's documents have no Deny, no NotAction, no NotResource):
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */

/** What a request carries beyond its action and resource. */
export interface RequestContext {
  /** Policy variables of the Resource element, e.g. `aws:PrincipalAccount`; a variable not given matches nothing. */
  readonly variables?: Readonly<Record<string, string>>;
  /**
   * The request's condition keys. Without them the conditions are ignored
   * (every statement counts as if its condition held, which over-approximates
   * what the policy allows: the safe side for a test that something is denied).
   */
  readonly conditions?: Readonly<Record<string, string | readonly string[]>>;
}

/**
 * IAM's wildcard match: `*` any run of characters (`/` and `:` included), `?`
 * exactly one. A pattern without either is compared as it is; the others are
 * compiled once (the permission tests match tens of thousands of pairs).
 */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  if (!pattern.includes("*") && !pattern.includes("?")) {
    return caseInsensitive ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  const compiled = caseInsensitive ? COMPILED_INSENSITIVE : COMPILED;
  let re = compiled.get(pattern);
  if (re === undefined) {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    re = new RegExp(`^${source}$`, caseInsensitive ? "is" : "s");
    compiled.set(pattern, re);
  }
  return re.test(value);
}

const COMPILED = new Map<string, RegExp>();
const COMPILED_INSENSITIVE = new Map<string, RegExp>();

function list<T>(value: T | readonly T[]): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

/** A Resource entry with its `${...}` policy variables replaced; undefined when one is not given. */
function substitute(pattern: string, variables: Readonly<Record<string, string>>): string | undefined {
  let missing = false;
  const out = pattern.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    const value = variables[name];
    if (value === undefined) missing = true;
    return value ?? "";
  });
  return missing ? undefined : out;
}

const OPERATORS: Readonly<Record<string, (policy: string, request: string) => boolean>> = {
  StringEquals: (p, r) => p === r,
  StringLike: (p, r) => wildcardMatch(p, r),
  ArnEquals: (p, r) => p === r,
  ArnLike: (p, r) => wildcardMatch(p, r),
};

/** Whether one condition operator block holds for the request's keys. */
function conditionHolds(
  operator: string,
  block: Readonly<Record<string, string | readonly string[]>>,
  keys: RequestContext["conditions"],
): boolean {
  const forAll = operator.startsWith("ForAllValues:");
  const ifExists = operator.endsWith("IfExists");
  const base = operator.replace(/^ForAllValues:/, "").replace(/IfExists$/, "");
  const test = OPERATORS[base];
  if (test === undefined) throw new Error(`condition operator ${operator} is not modelled by shared/permissions/evaluate.ts`);
  return Object.entries(block).every(([key, expected]) => {
    const found = keys?.[key];
    // A key absent from the request: false, except under IfExists and ForAllValues (vacuously true).
    if (found === undefined) return forAll || ifExists;
    const values = list(found);
    const allowed = list(expected);
    const one = (v: string) => allowed.some((p) => test(p, v));
    return forAll ? values.every(one) : values.some(one);
  });
}

/** Whether one statement allows the action on the resource. */
export function statementAllows(s: PolicyStatement, action: string, resource: string, ctx: RequestContext = {}): boolean {
  if (!list(s.Action).some((a) => wildcardMatch(a, action, true))) return false;
  const variables = ctx.variables ?? {};
  const resources = list(s.Resource ?? []);
  if (
    !resources.some((p) =>
      resource === "*"
        ? p === "*"
        : (() => {
            const sub = substitute(p, variables);
            return sub !== undefined && wildcardMatch(sub, resource);
          })(),
    )
  ) {
    return false;
  }
  if (ctx.conditions === undefined || s.Condition === undefined) return true;
  const keys = ctx.conditions;
  return Object.entries(s.Condition).every(([op, block]) => conditionHolds(op, block, keys));
}

/** Whether the document allows the action on the resource ("*" for an action without resource-level permissions). */
export function allows(doc: PolicyDocument, action: string, resource: string, ctx: RequestContext = {}): boolean {
  return doc.Statement.some((s) => s.Effect === "Allow" && statementAllows(s, action, resource, ctx));
}

/** The statements that allow the action on the resource, by Sid (for messages). */
export function allowingStatements(doc: PolicyDocument, action: string, resource: string, ctx: RequestContext = {}): string[] {
  return doc.Statement.filter((s) => statementAllows(s, action, resource, ctx)).map((s) => s.Sid ?? "(no Sid)");
}

/** The characters of a policy IAM counts against its size quotas: JSON without whitespace. */
export function policySize(doc: PolicyDocument): number {
  return JSON.stringify(doc).replace(/\s/g, "").length;
}
