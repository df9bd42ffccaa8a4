import { ConfigError } from "./errors";

/**
 * A raw config value as Pulumi hands it over (always a string: numbers as
 * "7", lists as JSON) or as a preset writes it (native values).
 */
export type RawValue = string | number | boolean | readonly string[];

/** Raw `platform:*` config, keys without the namespace prefix. */
export type RawConfig = Readonly<Record<string, RawValue | undefined>>;

/** What the config reference says about one key; collected while parsing. */
export interface KeyDoc {
  readonly key: string;
  readonly type: string;
  readonly default: string;
  readonly allowed: string;
  readonly description: string;
}

interface Common<T> {
  /** One sentence for the config reference. */
  readonly doc: string;
  /** The value when the key is not set; absent means the key is required. */
  readonly default?: T;
  /** How the default is shown in the docs when it is derived from other keys. */
  readonly defaultDoc?: string;
}

/**
 * Reads and validates raw config values. Every read registers the key as
 * known, so `rejectUnknown` can catch typos such as `platform:evironmentSuffix`,
 * and the docs of every key can be collected from one parse.
 */
export class ConfigReader {
  private readonly known = new Map<string, KeyDoc>();

  constructor(private readonly raw: RawConfig) {}

  /** Every key read so far, in reading order, with its documentation. */
  get docs(): readonly KeyDoc[] {
    return [...this.known.values()];
  }

  string(key: string, opts: Common<string> & { readonly pattern?: RegExp; readonly allowed: string }): string {
    const value = this.read(key, opts, "string", opts.allowed);
    if (value === undefined) return this.fallback(key, opts, opts.allowed);
    if (typeof value !== "string" || (opts.pattern && !opts.pattern.test(value))) {
      throw new ConfigError(key, value, opts.allowed);
    }
    return value;
  }

  optionalString(key: string, opts: { readonly doc: string; readonly pattern?: RegExp; readonly allowed: string }): string | undefined {
    const value = this.read(key, { ...opts, defaultDoc: "(not set)" }, "string", opts.allowed);
    if (value === undefined || value === "") return undefined;
    if (typeof value !== "string" || (opts.pattern && !opts.pattern.test(value))) {
      throw new ConfigError(key, value, opts.allowed);
    }
    return value;
  }

  oneOf<T extends string>(key: string, values: readonly T[], opts: Common<T>): T {
    const allowed = `one of ${values.map((v) => `"${v}"`).join(", ")}`;
    const value = this.read(key, opts, "string", allowed);
    if (value === undefined) return this.fallback(key, opts, allowed);
    if (typeof value !== "string" || !(values as readonly string[]).includes(value)) {
      throw new ConfigError(key, value, allowed);
    }
    return value as T;
  }

  integer(key: string, opts: Common<number> & { readonly min: number; readonly max: number }): number {
    const allowed = `an integer from ${opts.min} to ${opts.max}`;
    return this.number(key, opts, allowed, (n) => Number.isInteger(n) && n >= opts.min && n <= opts.max);
  }

  /**
   * An integer that may be left unset (absent or ""), for a feature that is
   * off until a value is given, such as an optional alarm's threshold.
   */
  optionalInteger(key: string, opts: { readonly doc: string; readonly min: number; readonly max: number }): number | undefined {
    if (!this.isSet(key)) {
      this.read(key, { ...opts, defaultDoc: "(not set)" }, "number", `an integer from ${opts.min} to ${opts.max}`);
      return undefined;
    }
    return this.integer(key, { ...opts, defaultDoc: "(not set)" });
  }

  /** True when the stack (or its preset) gives `key` a value, as opposed to leaving it to its default. */
  isSet(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== "";
  }

  /** An integer from a fixed set, such as CloudWatch Logs' retention periods. */
  integerIn(key: string, values: readonly number[], opts: Common<number>): number {
    const allowed = `one of ${values.join(", ")}`;
    return this.number(key, opts, allowed, (n) => values.includes(n));
  }

  decimal(key: string, opts: Common<number> & { readonly min: number; readonly max: number; readonly step: number }): number {
    const allowed = `a number from ${opts.min} to ${opts.max} in steps of ${opts.step}`;
    const onStep = (n: number) => Math.abs(n / opts.step - Math.round(n / opts.step)) < 1e-9;
    return this.number(key, opts, allowed, (n) => n >= opts.min && n <= opts.max && onStep(n));
  }

  boolean(key: string, opts: Common<boolean>): boolean {
    const allowed = "true or false";
    const value = this.read(key, opts, "boolean", allowed);
    if (value === undefined) return this.fallback(key, opts, allowed);
    if (value === true || value === "true") return true;
    if (value === false || value === "false") return false;
    throw new ConfigError(key, value, allowed);
  }

  /**
   * A list of strings, given natively or as a JSON array (how `pulumi config
   * set --path` and `--set` deliver lists). Each item must match `item`.
   */
  stringList(
    key: string,
    opts: Common<readonly string[]> & { readonly item: RegExp; readonly allowed: string; readonly minItems?: number; readonly maxItems?: number },
  ): readonly string[] {
    const value = this.read(key, opts, "list of strings", opts.allowed);
    if (value === undefined) return this.fallback(key, opts, opts.allowed);
    const list = parseList(value);
    const min = opts.minItems ?? 0;
    const max = opts.maxItems ?? Number.MAX_SAFE_INTEGER;
    if (!list || list.length < min || list.length > max || !list.every((s) => opts.item.test(s))) {
      throw new ConfigError(key, value, opts.allowed);
    }
    return Object.freeze([...list]);
  }

  /** Throws on the first key that no read asked for: a typo must not be silently ignored. */
  rejectUnknown(): void {
    for (const key of Object.keys(this.raw)) {
      if (this.raw[key] !== undefined && !this.known.has(key)) {
        const names = [...this.known.keys()].sort();
        throw new ConfigError(key, this.raw[key], `no such key; known keys are ${names.join(", ")}`);
      }
    }
  }

  private number(key: string, opts: Common<number>, allowed: string, ok: (n: number) => boolean): number {
    const value = this.read(key, opts, "number", allowed);
    if (value === undefined) return this.fallback(key, opts, allowed);
    return toNumber(key, value, allowed, ok);
  }

  private read(key: string, opts: Common<unknown>, type: string, allowed: string): RawValue | undefined {
    const shown = opts.defaultDoc ?? (opts.default === undefined ? "(required)" : JSON.stringify(opts.default));
    this.known.set(key, { key, type, default: shown, allowed, description: opts.doc });
    return this.raw[key];
  }

  private fallback<T>(key: string, opts: Common<T>, allowed: string): T {
    if (opts.default === undefined) throw new ConfigError(key, undefined, allowed);
    return opts.default;
  }
}

/** A raw value as a number that satisfies `ok`, or a `ConfigError`. */
function toNumber(key: string, value: RawValue, allowed: string, ok: (n: number) => boolean): number {
  const n = typeof value === "number" ? value : typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(n) || !ok(n)) throw new ConfigError(key, value, allowed);
  return n;
}

function parseList(value: RawValue): readonly string[] | undefined {
  if (Array.isArray(value)) return value as readonly string[];
  if (typeof value !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.every((s) => typeof s === "string") ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A key that only means something while a feature switch is on: its value
 * while the switch is on; undefined while it is off, where a value the stack
 * (or its preset) sets explicitly is rejected rather than silently ignored.
 */
export function onlyWhenOn<T>(on: boolean, key: string, value: T, explicitlySet: boolean, why: string): T | undefined {
  if (on) return value;
  if (explicitlySet) throw new ConfigError(key, value, `not set while ${why}`);
  return undefined;
}
