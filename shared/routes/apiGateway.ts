import { PlannedResource } from "../plan/capture";
import { obj, str } from "./view";

/** A node of a REST API's resource tree. */
export interface ApiNode {
  /** The resource's id (the root's is the API's `rootResourceId`). */
  readonly id: string;
  /** The planned resource; absent for the root, which the API itself creates. */
  readonly resource?: PlannedResource;
  readonly pathPart: string;
  readonly children: readonly ApiNode[];
}

/** The resource tree of a REST API, from its root id and its planned `Resource`s. */
export function resourceTree(rootId: string, resources: readonly PlannedResource[]): ApiNode {
  const build = (id: string, pathPart: string, resource?: PlannedResource): ApiNode => ({
    id,
    pathPart,
    resource,
    children: resources.filter((r) => r.inputs.parentId === id).map((r) => build(r.id ?? "", String(r.inputs.pathPart), r)),
  });
  return build(rootId, "");
}

/** The resource a path selects and the path parameters it binds. */
export interface ApiMatch {
  readonly node: ApiNode;
  /** The resource path, e.g. `/{proxy+}`. */
  readonly resourcePath: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * The resource API Gateway selects for a path: a literal path part before a
 * `{param}` (one segment) before a greedy `{param+}` (the rest of the path,
 * only as the last part), so the most specific resource wins and `{proxy+}`
 * catches what no other resource does.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html
 * (proxy resources) and, for the same precedence in HTTP APIs,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 * ("Routing API requests"); both read 2026-12-03.
 */
export function matchResource(root: ApiNode, segments: readonly string[]): ApiMatch | undefined {
  const visit = (node: ApiNode, rest: readonly string[], path: string, params: Record<string, string>): ApiMatch | undefined => {
    if (rest.length === 0) return { node, resourcePath: path === "" ? "/" : path, params };
    const [head, ...tail] = rest;
    const rank = (n: ApiNode) => (/^\{.+\+\}$/.test(n.pathPart) ? 2 : /^\{.+\}$/.test(n.pathPart) ? 1 : 0);
    for (const child of [...node.children].sort((a, b) => rank(a) - rank(b))) {
      const kind = rank(child);
      const childPath = `${path}/${child.pathPart}`;
      if (kind === 0 && child.pathPart === head) {
        const found = visit(child, tail, childPath, params);
        if (found) return found;
      } else if (kind === 1) {
        const found = visit(child, tail, childPath, { ...params, [child.pathPart.slice(1, -1)]: head });
        if (found) return found;
      } else if (kind === 2) {
        return { node: child, resourcePath: childPath, params: { ...params, [child.pathPart.slice(1, -2)]: rest.join("/") } };
      }
    }
    return undefined;
  };
  return visit(root, segments, "", {});
}

/** The template's override of the integration's path, if it sets `$context.requestOverride.path`. */
const OVERRIDE = /#set\(\s*\$context\.requestOverride\.path\s*=\s*"([^"]*)"\s*\)/;

/**
 * The path a request mapping template sends to the backend, evaluated for
 * the forms this platform writes: a literal path with
 * `$input.params().path.get('name')` or `$input.params('name')` for path
 * parameters. Undefined when the template does not override the path.
 */
export function overriddenPath(template: string, params: Readonly<Record<string, string>>): string | undefined {
  const m = OVERRIDE.exec(template);
  if (m === null) return undefined;
  return m[1]
    .replace(/\$input\.params\(\)\.path\.get\('([^']+)'\)/g, (_, name: string) => params[name] ?? "")
    .replace(/\$input\.params\('([^']+)'\)/g, (_, name: string) => params[name] ?? "");
}

/** What the integration request's template step did. */
export type TemplateStep =
  | { readonly kind: "template"; readonly contentType: string; readonly path?: string }
  | { readonly kind: "passthrough"; readonly contentType: string }
  | { readonly kind: "unsupported"; readonly contentType: string };

/**
 * The mapping template API Gateway picks by the request's Content-Type
 * (JSON when the request has none), and what it does when none fits:
 * `WHEN_NO_MATCH` passes the request through untransformed, `NEVER` answers
 * 415, `WHEN_NO_TEMPLATES` passes through only when no template exists.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html (read 2026-12-03)
 */
export function templateStep(
  integration: PlannedResource,
  contentTypeHeader: string | undefined,
  params: Readonly<Record<string, string>>,
): TemplateStep {
  const contentType = (contentTypeHeader ?? "application/json").split(";")[0].trim().toLowerCase();
  const templates = obj(integration.inputs.requestTemplates);
  const template = str(templates[contentType]);
  if (template !== undefined) {
    const path = overriddenPath(template, params);
    return { kind: "template", contentType, path };
  }
  const behavior = str(integration.inputs.passthroughBehavior) ?? "WHEN_NO_MATCH";
  if (behavior === "NEVER" || (behavior === "WHEN_NO_TEMPLATES" && Object.keys(templates).length > 0))
    return { kind: "unsupported", contentType };
  return { kind: "passthrough", contentType };
}
