import { ConfigError } from "./errors";

/**
 * The declarations of the config keys, and the one reader that walks them.
 *
 * A key is declared once, as data: its type, what is allowed, its default
 * (static, or derived from keys declared before it), its description and the
 * feature switch it belongs to. Keys are grouped by layer or feature; a
 * group's TypeScript type is inferred from its declarations (`Values`). The
 * reader converts the raw strings, fills the defaults, rejects unknown keys
 * and the keys of a feature that is off. The config reference is rendered
 * from the declarations (`describeGroups`), without parsing anything.
 */

/**
 * A raw config value as Pulumi hands it over (always a string: numbers as
 * "7", lists as JSON) or as a preset writes it (native values).
 */
export type RawValue = string | number | boolean | readonly string[];

/** Raw `platform:*` config, keys without the namespace prefix. */
export type RawConfig = Readonly<Record<string, RawValue | undefined>>;

/** What the config reference says about one key. */
export interface KeyDoc {
  readonly key: string;
  readonly type: string;
  readonly default: string;
  readonly allowed: string;
  readonly description: string;
}

/** What a derived default may read: the keys declared before it and the stack's region. */
export interface Scope {
  /** The value of a key of an earlier group, or declared earlier in the same group. */
  value<K extends AnyKey>(key: K): ValueOf<K>;
  /** The stack's AWS region (`aws:region`, else the preset's). */
  readonly region: string;
}

/**
 * A feature switch: a boolean key whose feature's keys mean something only
 * while it is true. While it is false, a key of the feature that the stack
 * sets is refused (it would do nothing), and a preset's value for it is
 * dropped with the feature, so a stack can turn off a feature its preset
 * has by setting only the switch.
 */
export interface Feature {
  readonly switch: Key<boolean, false>;
  /** Completes "not set while ...": the switch is off and why the key would do nothing. */
  readonly whenOff: string;
}

/** The options every key takes. */
interface Common<T> {
  /** One sentence for the config reference. */
  readonly doc: string;
  /** The value when the key is not set: a value, or a rule over earlier keys. Absent: the key is required (or optional). */
  readonly default?: T | ((scope: Scope) => T);
  /** How a derived default is shown in the reference. */
  readonly defaultDoc?: string;
  /** Not set (absent or "") reads as undefined instead of a default. */
  readonly optional?: true;
  /** The feature the key belongs to; it reads as undefined while the feature is off. */
  readonly feature?: Feature;
  /** The key's name when it is not the group's prefix and the property's name. */
  readonly name?: string;
}

/** One declared key whose value has type `T`, and may be undefined when `Maybe`. */
export interface Key<T, Maybe extends boolean = boolean> extends Common<T> {
  /** The type column of the reference. */
  readonly type: string;
  /** What is allowed: the reference's column and the end of the error message. */
  readonly allowed: string;
  /** The value of a raw setting, or undefined when it is not allowed. */
  readonly parse: (raw: RawValue) => T | undefined;
  /** Phantom: whether the value may be undefined. */
  readonly maybe?: Maybe;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the widest key, for constraints only
export type AnyKey = Key<any, boolean>;

/** Whether a key's options make its value possibly undefined. */
type MaybeOf<O> = O extends { readonly optional: true } ? true : O extends { readonly feature: Feature } ? true : false;

/** The value a key reads as. */
export type ValueOf<K> = K extends Key<infer T, infer Maybe> ? (Maybe extends true ? T | undefined : T) : never;

/** The keys of a group, by property name. */
export type Keys = Readonly<Record<string, AnyKey>>;

/** The values of a group's keys, by property name: the group's inferred type. */
export type Values<K extends Keys> = { readonly [P in keyof K]: ValueOf<K[P]> };

/** A feature's values while its switch is on: none is undefined. */
export type WhenOn<T> = { readonly [P in keyof T]-?: Exclude<T[P], undefined> };

/** A named set of keys: a layer's settings or a feature's. */
export interface Group<K extends Keys = Keys> {
  /** Prepended to a property's capitalized name to form the key (`cache` + `shards` = `cacheShards`). */
  readonly prefix: string;
  readonly keys: K;
}

/** Declares a group. */
export function group<K extends Keys>(keys: K, prefix = ""): Group<K> {
  return { prefix, keys };
}

/** The config key of a group's property. */
export function keyName(group: Group, property: string): string {
  const name = group.keys[property].name;
  if (name !== undefined) return name;
  return group.prefix === "" ? property : `${group.prefix}${property[0].toUpperCase()}${property.slice(1)}`;
}

/** A feature switch over a boolean key. */
export function feature(switchKey: Key<boolean, false>, whenOff: string): Feature {
  return { switch: switchKey, whenOff };
}

// ---------------------------------------------------------------- key types

type Opts<T> = Common<T>;

function declare<T, O extends Opts<T>>(
  opts: O,
  type: string,
  allowed: string,
  parse: (raw: RawValue) => T | undefined,
): Key<T, MaybeOf<O>> {
  return { ...opts, type, allowed, parse };
}

/** A raw value as a number, or undefined: numbers as given, strings of decimal digits. */
function toNumber(raw: RawValue): number | undefined {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : undefined;
  return typeof raw === "string" && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : undefined;
}

/** A raw value as a list of strings: given natively or as a JSON array (how `pulumi config set --path` and `--set` deliver lists). */
function toList(raw: RawValue): readonly string[] | undefined {
  if (Array.isArray(raw)) return raw as readonly string[];
  if (typeof raw !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) && parsed.every((s) => typeof s === "string") ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The key types, as `key.integer({...})`. */
export const key = {
  /** A string, matching `pattern` when one is given. */
  string<const O extends Opts<string> & { readonly pattern?: RegExp; readonly allowed: string }>(opts: O): Key<string, MaybeOf<O>> {
    return declare(opts, "string", opts.allowed, (raw) => (typeof raw === "string" && (opts.pattern?.test(raw) ?? true) ? raw : undefined));
  },

  /** One of a fixed set of strings. */
  oneOf<const T extends string, const O extends Opts<T>>(values: readonly T[], opts: O): Key<T, MaybeOf<O>> {
    const allowed = `one of ${values.map((v) => `"${v}"`).join(", ")}`;
    return declare(opts, "string", allowed, (raw) =>
      typeof raw === "string" && (values as readonly string[]).includes(raw) ? (raw as T) : undefined,
    );
  },

  /** An integer from `min` to `max`. */
  integer<const O extends Opts<number> & { readonly min: number; readonly max: number }>(opts: O): Key<number, MaybeOf<O>> {
    return declare(opts, "number", `an integer from ${opts.min} to ${opts.max}`, (raw) => {
      const n = toNumber(raw);
      return n !== undefined && Number.isInteger(n) && n >= opts.min && n <= opts.max ? n : undefined;
    });
  },

  /** An integer from a fixed set, such as CloudWatch Logs' retention periods. */
  integerIn<const O extends Opts<number>>(values: readonly number[], opts: O): Key<number, MaybeOf<O>> {
    return declare(opts, "number", `one of ${values.join(", ")}`, (raw) => {
      const n = toNumber(raw);
      return n !== undefined && values.includes(n) ? n : undefined;
    });
  },

  /** A number from `min` to `max` in steps of `step`. */
  decimal<const O extends Opts<number> & { readonly min: number; readonly max: number; readonly step: number }>(
    opts: O,
  ): Key<number, MaybeOf<O>> {
    const onStep = (n: number) => Math.abs(n / opts.step - Math.round(n / opts.step)) < 1e-9;
    return declare(opts, "number", `a number from ${opts.min} to ${opts.max} in steps of ${opts.step}`, (raw) => {
      const n = toNumber(raw);
      return n !== undefined && n >= opts.min && n <= opts.max && onStep(n) ? n : undefined;
    });
  },

  /** true or false, native or as the strings Pulumi stores. */
  boolean<const O extends Opts<boolean>>(opts: O): Key<boolean, MaybeOf<O>> {
    return declare(opts, "boolean", "true or false", (raw) =>
      raw === true || raw === "true" ? true : raw === false || raw === "false" ? false : undefined,
    );
  },

  /** A list of strings, each matching `item`, of `minItems` to `maxItems` items. */
  stringList<
    const O extends Opts<readonly string[]> & {
      readonly item: RegExp;
      readonly allowed: string;
      readonly minItems?: number;
      readonly maxItems?: number;
    },
  >(opts: O): Key<readonly string[], MaybeOf<O>> {
    return declare(opts, "list of strings", opts.allowed, (raw) => {
      const list = toList(raw);
      const fits = list !== undefined && list.length >= (opts.minItems ?? 0) && list.length <= (opts.maxItems ?? Number.MAX_SAFE_INTEGER);
      return fits && list.every((s) => opts.item.test(s)) ? Object.freeze([...list]) : undefined;
    });
  },
};

// ---------------------------------------------------------------- reading

/** True when a raw value counts as set: present and not the empty string. */
function isSet(raw: RawValue | undefined): raw is RawValue {
  return raw !== undefined && raw !== "";
}

/**
 * Reads groups of keys from a stack's settings over its preset's. Groups are
 * read in order; a derived default and a feature switch read keys of groups
 * read before (or declared before in the same group).
 */
export class Settings implements Scope {
  private readonly values = new Map<AnyKey, unknown>();

  constructor(
    /** The stack's own settings. */
    private readonly stack: RawConfig,
    /** The preset's values, under the stack's. */
    private readonly preset: RawConfig,
    readonly region: string,
  ) {}

  value<K extends AnyKey>(k: K): ValueOf<K> {
    if (!this.values.has(k)) throw new Error(`a config key was used before it was read (${k.doc})`);
    return this.values.get(k) as ValueOf<K>;
  }

  /** The values of a group's keys, validated, with their defaults; throws a ConfigError on the first invalid key. */
  read<K extends Keys>(group: Group<K>): Values<K> {
    const out: Record<string, unknown> = {};
    for (const property of Object.keys(group.keys)) {
      const k = group.keys[property];
      const value = this.readKey(keyName(group, property), k);
      this.values.set(k, value);
      out[property] = value;
    }
    return out as Values<K>;
  }

  /**
   * A feature's group: its values while the feature's switch is on (then
   * none of its keys is undefined, for every key of the group belongs to the
   * feature or is its switch), else undefined.
   */
  readFeature<K extends Keys>(group: Group<K>, f: Feature): WhenOn<Values<K>> | undefined {
    const values = this.read(group);
    return this.value(f.switch) ? (values as WhenOn<Values<K>>) : undefined;
  }

  /** Throws on the first setting no group declares: a typo must not be silently ignored. */
  rejectUnknown(groups: readonly Group[]): void {
    const known = new Set(groups.flatMap((g) => Object.keys(g.keys).map((p) => keyName(g, p))));
    for (const [name, raw] of Object.entries({ ...this.preset, ...this.stack })) {
      if (raw !== undefined && !known.has(name)) {
        throw new ConfigError(name, raw, `no such key; known keys are ${[...known].sort().join(", ")}`);
      }
    }
  }

  private readKey(name: string, k: AnyKey): unknown {
    const own = this.stack[name];
    if (k.feature !== undefined && !this.value(k.feature.switch)) {
      if (!isSet(own)) return undefined;
      throw new ConfigError(name, this.parse(name, k, own), `not set while ${k.feature.whenOff}`);
    }
    const raw = own !== undefined ? own : this.preset[name];
    if (k.optional && !isSet(raw)) return undefined;
    if (raw !== undefined) return this.parse(name, k, raw);
    if (k.default === undefined) throw new ConfigError(name, undefined, k.allowed);
    return typeof k.default === "function" ? k.default(this) : k.default;
  }

  private parse(name: string, k: AnyKey, raw: RawValue): unknown {
    const value: unknown = k.parse(raw);
    if (value === undefined) throw new ConfigError(name, raw, k.allowed);
    return value;
  }
}

// ---------------------------------------------------------------- the reference

/** How a key's default reads in the reference. */
function defaultDoc(k: AnyKey): string {
  if (k.defaultDoc !== undefined) return k.defaultDoc;
  if (k.optional) return "(not set)";
  return k.default === undefined ? "(required)" : JSON.stringify(k.default);
}

/** The reference rows of groups' keys, in declaration order; a feature's keys say which switch they need. */
export function describeGroups(groups: readonly Group[]): KeyDoc[] {
  const names = new Map<AnyKey, string>(groups.flatMap((g) => Object.keys(g.keys).map((p) => [g.keys[p], keyName(g, p)] as const)));
  return groups.flatMap((g) =>
    Object.keys(g.keys).map((property) => {
      const k = g.keys[property];
      const only = k.feature === undefined ? "" : ` Only with ${names.get(k.feature.switch)}: true.`;
      return { key: keyName(g, property), type: k.type, default: defaultDoc(k), allowed: k.allowed, description: `${k.doc}${only}` };
    }),
  );
}
