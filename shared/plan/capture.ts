import * as pulumi from "@pulumi/pulumi";

/** One resource of the plan, as the program registered it. */
export interface PlannedResource {
  readonly urn: string;
  /** The Pulumi type token, e.g. `aws:ec2/securityGroup:SecurityGroup`. */
  readonly type: string;
  /** The logical name. */
  readonly name: string;
  /** The parent's URN; null for children of the stack. */
  readonly parent: string | null;
  /** True for provider resources, false for components. */
  readonly custom: boolean;
  /** The resolved inputs; unknown values as "[unknown]", secrets as "[secret]". */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** URNs this resource depends on, explicitly and through its inputs. */
  readonly dependencies: readonly string[];
  /** The `ignoreChanges` resource option: input paths a later update leaves as they are. */
  readonly ignoreChanges: readonly string[];
  /** The `replacementTrigger` resource option: when it differs from the recorded value, an update replaces the resource. */
  readonly replacementTrigger?: unknown;
  /** The id the (fake) provider gave the resource; absent where the plan did not come from the mocks (a real preview). */
  readonly id?: string;
  /**
   * The addresses the (fake) provider computed (ARNs, DNS names, endpoints;
   * see `COMPUTED_KEYS`): what lets a walk of the plan follow one resource's
   * reference in another's inputs. Absent where the plan did not come from the mocks.
   */
  readonly computed?: Readonly<Record<string, unknown>>;
}

/** The parts of the mock monitor's requests the capture reads. */
interface StructLike {
  toJavaScript(): Record<string, unknown>;
}
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): StructLike | undefined;
  getDependenciesList(): string[];
  getIgnorechangesList(): string[];
  hasReplacementTrigger(): boolean;
  getReplacementTrigger(): { toJavaScript(): unknown } | undefined;
  getPropertydependenciesMap(): { forEach(cb: (deps: { getUrnsList(): string[] }) => void): void };
}
interface ReadRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProperties(): StructLike | undefined;
  getDependenciesList(): string[];
}
interface UrnResponse {
  getUrn(): string;
  getId?(): string;
  getObject?(): StructLike | undefined;
  getProperties?(): StructLike | undefined;
}
type Callback = (err: Error | null, resp: UrnResponse | undefined) => void;
interface CapturableMonitor {
  registerResource(req: RegisterRequest, cb: Callback): unknown;
  readResource(req: ReadRequest, cb: Callback): unknown;
}

const rt = pulumi.runtime;

/** Replaces Pulumi's wire encodings (secrets, unknowns, resource references) with readable values. */
export function readableValue(value: unknown): unknown {
  if (value === rt.unknownValue) return "[unknown]";
  if (Array.isArray(value)) return value.map(readableValue);
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const sig = obj[rt.specialSigKey];
    if (sig === rt.specialSecretSig) return "[secret]";
    if (sig === rt.specialResourceSig) return obj.urn;
    if (sig === rt.specialOutputValueSig)
      return "secret" in obj && obj.secret ? "[secret]" : "value" in obj ? readableValue(obj.value) : "[unknown]";
    if (sig !== undefined) return `[${String(sig)}]`;
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, readableValue(v)]));
  }
  return value;
}

/**
 * The computed outputs a plan keeps: the addresses by which one resource
 * names another (ARNs, DNS names, endpoints, the API's root resource), what
 * a walk of the plan joins on. An allowlist, because computed outputs also
 * hold values that must never reach a plan file (a generated password's
 * `result`).
 */
export const COMPUTED_KEYS: readonly string[] = [
  "arn",
  "dnsName",
  "rootResourceId",
  "invokeUrl",
  "endpoint",
  "readerEndpoint",
  "configurationEndpointAddress",
  "primaryEndpointAddress",
];

/**
 * The id and the addresses ({@link COMPUTED_KEYS}) the mock computed for a
 * custom resource. Components and Pulumi's own resources (stack references,
 * providers) have none.
 */
function computedOf(type: string, custom: boolean, resp: UrnResponse): Pick<PlannedResource, "id" | "computed"> {
  if (!custom || type.startsWith("pulumi:")) return {};
  const state = readableValue((resp.getObject?.() ?? resp.getProperties?.())?.toJavaScript() ?? {}) as Record<string, unknown>;
  const computed = Object.fromEntries(COMPUTED_KEYS.filter((key) => typeof state[key] === "string").map((key) => [key, state[key]]));
  const id = resp.getId?.() ?? "";
  return { ...(id === "" ? {} : { id }), computed };
}

/**
 * Starts recording every resource the program registers or reads through the
 * current (mock) monitor. Call right after `setMocks`; the returned array
 * fills as registrations complete.
 */
export function captureResources(): PlannedResource[] {
  const monitor = rt.getMonitor() as unknown as CapturableMonitor;
  const resources: PlannedResource[] = [];
  const record =
    (
      req: RegisterRequest | ReadRequest,
      custom: boolean,
      object: StructLike | undefined,
      deps: string[],
      ignoreChanges: string[],
      trigger?: unknown,
    ) =>
    (resp: UrnResponse) => {
      const inputs = readableValue(object?.toJavaScript() ?? {}) as Record<string, unknown>;
      resources.push({
        urn: resp.getUrn(),
        type: req.getType(),
        name: req.getName(),
        parent: req.getParent() === "" ? null : req.getParent(),
        custom,
        inputs,
        dependencies: [...new Set(deps)].sort(),
        ignoreChanges,
        replacementTrigger: trigger,
        ...computedOf(req.getType(), custom, resp),
      });
    };
  const wrap =
    (onResponse: (resp: UrnResponse) => void, cb: Callback): Callback =>
    (err, resp) => {
      if (!err && resp) onResponse(resp);
      cb(err, resp);
    };

  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const deps = [...req.getDependenciesList()];
    req.getPropertydependenciesMap().forEach((d) => deps.push(...d.getUrnsList()));
    const trigger = req.hasReplacementTrigger() ? readableValue(req.getReplacementTrigger()?.toJavaScript()) : undefined;
    return register(req, wrap(record(req, req.getCustom(), req.getObject(), deps, [...req.getIgnorechangesList()], trigger), cb));
  };
  const read = monitor.readResource.bind(monitor);
  monitor.readResource = (req, cb) => read(req, wrap(record(req, true, req.getProperties(), [...req.getDependenciesList()], []), cb));
  return resources;
}
