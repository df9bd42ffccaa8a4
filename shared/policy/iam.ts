import { list, record, text } from "./props";

/**
 * The wildcard problems of one IAM policy document (identity policies:
 * `aws:iam/policy`, `rolePolicy`, a role's `inlinePolicies`, user and group
 * policies). For each `Allow` statement:
 * - an action of `*` or `<service>:*` (a whole service), or any `NotAction`;
 * - a resource of `*` (or any `NotResource`) without a `Condition`.
 * `Deny` statements may use wildcards freely. A document that is not JSON
 * (still unknown during a preview) yields no findings; one that is JSON but
 * has no statements yields one.
 */
export function iamPolicyViolations(document: unknown): string[] {
  const doc = typeof document === "string" ? parseJson(document) : document;
  if (doc === undefined) return [];
  const statements = record(doc)?.Statement;
  const all = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
  if (all.length === 0) return ["the policy document has no Statement"];
  const found: string[] = [];
  all.forEach((raw, i) => {
    const s = record(raw) ?? {};
    if (s.Effect !== "Allow") return;
    const id = text(s.Sid) ?? `#${i}`;
    for (const action of asList(s.Action)) {
      if (action === "*" || /^[a-z0-9-]+:\*$/i.test(action)) found.push(`statement ${id} allows the wildcard action "${action}"`);
    }
    if (s.NotAction !== undefined) found.push(`statement ${id} allows everything except its NotAction`);
    const starResource = asList(s.Resource).includes("*") || s.NotResource !== undefined;
    if (starResource && record(s.Condition) === undefined) found.push(`statement ${id} allows resource "*" without a Condition`);
  });
  return found;
}

function asList(value: unknown): string[] {
  return (Array.isArray(value) ? list(value) : [value]).filter((v): v is string => typeof v === "string");
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
