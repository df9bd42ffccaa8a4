import { ConfigError } from "../../shared/config/errors";
import { describeGroups, feature, group, key, RawConfig, Settings } from "../../shared/config/spec";

const on = key.boolean({ doc: "The switch.", default: false });
const EXTRA = feature(on, "on is false (nothing to tune)");
const base = key.integer({ doc: "A base.", default: 2, min: 1, max: 9 });

/** A small schema with every kind of key: static, derived, optional, required, feature-bound, renamed. */
const SWITCHES = group({ on });
const TUNING = group(
  {
    base,
    scaled: key.integer({ doc: "Twice the base.", default: (scope) => scope.value(base) * 2, defaultDoc: "2 x base", min: 1, max: 99 }),
    ratio: key.decimal({ doc: "A ratio.", default: 0.5, min: 0.5, max: 2, step: 0.5 }),
    level: key.oneOf(["low", "high"], { doc: "A level.", default: "low" }),
    names: key.stringList({ doc: "Names.", default: [], item: /^x+$/, allowed: "a list of x's", maxItems: 2 }),
    label: key.string({ doc: "A label.", optional: true, pattern: /^[a-z]+$/, allowed: "lowercase letters" }),
    id: key.string({ doc: "An id.", allowed: "any text" }),
    boost: key.integer({ doc: "A boost.", feature: EXTRA, default: 3, min: 1, max: 9 }),
    percent: key.integer({ name: "tuningPct", doc: "A percentage.", optional: true, min: 1, max: 100 }),
  },
  "tuning",
);

function read(stack: RawConfig, preset: RawConfig = {}) {
  const s = new Settings(stack, preset, "us-east-1");
  s.rejectUnknown([SWITCHES, TUNING]);
  return { switches: s.read(SWITCHES), tuning: s.read(TUNING) };
}

function rejection(stack: RawConfig, preset: RawConfig = {}): string {
  try {
    read(stack, preset);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(stack)} to be rejected`);
}

describe("the declared keys", () => {
  it("name a group's keys by its prefix and the property, unless a key names itself", () => {
    const docs = describeGroups([TUNING]).map((d) => d.key);
    expect(docs).toEqual([
      "tuningBase",
      "tuningScaled",
      "tuningRatio",
      "tuningLevel",
      "tuningNames",
      "tuningLabel",
      "tuningId",
      "tuningBoost",
      "tuningPct",
    ]);
  });

  it("read the strings Pulumi stores and the native values presets write, with defaults for what is not set", () => {
    const { tuning } = read({ tuningId: "a", tuningRatio: "1.5", tuningNames: '["x","xx"]' }, { tuningBase: 4, tuningLevel: "high" });
    expect(tuning).toEqual({
      base: 4,
      scaled: 8,
      ratio: 1.5,
      level: "high",
      names: ["x", "xx"],
      label: undefined,
      id: "a",
      boost: undefined,
      percent: undefined,
    });
    expect(Object.isFrozen(tuning.names)).toBe(true);
  });

  it("let the stack's setting win over the preset's, and derive a default from a key read before it", () => {
    expect(read({ tuningId: "a", tuningBase: "3" }, { tuningBase: 4 }).tuning.scaled).toBe(6);
  });

  it("read an optional key left empty as not set", () => {
    expect(read({ tuningId: "a", tuningLabel: "", tuningPct: "" }).tuning).toMatchObject({ label: undefined, percent: undefined });
  });

  it.each([
    ["an integer out of range", { tuningBase: "10" }, 'platform:tuningBase is "10"; expected an integer from 1 to 9'],
    ["a fraction for an integer", { tuningBase: "2.5" }, 'platform:tuningBase is "2.5"; expected an integer from 1 to 9'],
    ["a decimal off its step", { tuningRatio: "0.7" }, 'platform:tuningRatio is "0.7"; expected a number from 0.5 to 2 in steps of 0.5'],
    ["a value outside the set", { tuningLevel: "mid" }, 'platform:tuningLevel is "mid"; expected one of "low", "high"'],
    ["a list with a non-string item", { tuningNames: "[1,2]" }, 'platform:tuningNames is "[1,2]"; expected a list of x\'s'],
    ["a list too long", { tuningNames: ["x", "x", "x"] }, 'platform:tuningNames is ["x","x","x"]; expected a list of x\'s'],
    ["a string not matching its pattern", { tuningLabel: "A" }, 'platform:tuningLabel is "A"; expected lowercase letters'],
    ["a number for a string", { tuningLabel: 3 }, "platform:tuningLabel is 3; expected lowercase letters"],
    ["a word for a boolean", { on: "yes" }, 'platform:on is "yes"; expected true or false'],
  ])("reject %s, naming the key, the value and what is allowed", (_, raw, message) => {
    expect(rejection({ tuningId: "a", ...raw })).toBe(message);
  });

  it("reject a required key that is not set", () => {
    expect(rejection({})).toBe("platform:tuningId is not set; expected any text");
  });

  it("reject a key no group declares, listing the known ones", () => {
    expect(rejection({ tuningId: "a", tuningBsae: "3" })).toBe(
      'platform:tuningBsae is "3"; expected no such key; known keys are on, tuningBase, tuningBoost, tuningId, tuningLabel, tuningLevel, tuningNames, tuningPct, tuningRatio, tuningScaled',
    );
    expect(rejection({ tuningId: "a" }, { tuningBsae: 3 })).toContain("platform:tuningBsae is 3; expected no such key");
  });
});

describe("a feature's keys", () => {
  it("read their values and defaults while the switch is on", () => {
    expect(read({ tuningId: "a", on: "true" }).tuning.boost).toBe(3);
    expect(read({ tuningId: "a", on: "true", tuningBoost: "5" }).tuning.boost).toBe(5);
  });

  it("read as undefined while the switch is off", () => {
    expect(read({ tuningId: "a" }).tuning.boost).toBeUndefined();
  });

  it("are refused when the stack sets one while the switch is off: it would do nothing", () => {
    expect(rejection({ tuningId: "a", tuningBoost: "5" })).toBe(
      "platform:tuningBoost is 5; expected not set while on is false (nothing to tune)",
    );
    expect(rejection({ tuningId: "a", tuningBoost: "50" })).toBe('platform:tuningBoost is "50"; expected an integer from 1 to 9');
  });

  it("are dropped with the feature when only the preset sets them, so a stack turns a preset's feature off with the switch alone", () => {
    expect(read({ tuningId: "a", on: "false" }, { on: true, tuningBoost: 5 }).tuning.boost).toBeUndefined();
  });
});

describe("the reference rendered from the declarations", () => {
  it("shows each key's type, default, allowed values and description, and the switch of a feature's keys", () => {
    const docs = new Map(describeGroups([SWITCHES, TUNING]).map((d) => [d.key, d]));
    expect(docs.get("tuningScaled")).toEqual({
      key: "tuningScaled",
      type: "number",
      default: "2 x base",
      allowed: "an integer from 1 to 99",
      description: "Twice the base.",
    });
    expect(docs.get("tuningLabel")?.default).toBe("(not set)");
    expect(docs.get("tuningId")?.default).toBe("(required)");
    expect(docs.get("tuningNames")).toMatchObject({ type: "list of strings", default: "[]" });
    expect(docs.get("on")).toMatchObject({ type: "boolean", default: "false", allowed: "true or false" });
    expect(docs.get("tuningBoost")?.description).toBe("A boost. Only with on: true.");
  });
});

describe("the reader", () => {
  it("refuses a default that reads a key not read yet: a declaration-order mistake", () => {
    const late = key.integer({ doc: "Late.", default: 1, min: 1, max: 2 });
    const early = group({ early: key.integer({ doc: "Early.", default: (scope) => scope.value(late), min: 1, max: 2 }) });
    expect(() => new Settings({}, {}, "us-east-1").read(early)).toThrow("a config key was used before it was read (Late.)");
  });
});
