import { readCommandLine, readOverrides } from "../../shared/cli";

const fail = (message: string): never => {
  throw new Error(message);
};
const flags = { stack: "string", set: "strings", json: "boolean" } as const;

describe("the command line reader every command shares", () => {
  it("gives each flag its value, a switch false and a repeated flag [] when absent", () => {
    expect(readCommandLine(["--stack", "s", "--set", "a=1", "--set", "b=2", "--json"], flags, fail)).toEqual({
      values: { stack: "s", set: ["a=1", "b=2"], json: true },
      positionals: [],
    });
    expect(readCommandLine([], flags, fail).values).toEqual({ stack: undefined, set: [], json: false });
    expect(readCommandLine(["x.json", "--stack", "s", "y.json"], flags, fail, true).positionals).toEqual(["x.json", "y.json"]);
  });

  it.each([
    [["--bogus"], 'unexpected argument "--bogus"'],
    [["stray"], 'unexpected argument "stray"'],
    [["--stack"], "--stack needs a value"],
    [["--stack", "--json"], "--stack needs a value"],
    [["--json=1"], "--json takes no value"],
    [["--stack", "a", "--stack", "b"], "--stack is given twice"],
  ])("refuses %j: %s", (argv, message) => {
    expect(() => readCommandLine(argv, flags, fail)).toThrow(message);
  });

  it("reads config overrides with or without the platform prefix, the value keeping its own =", () => {
    expect(readOverrides(["platform:owner=team=a", "minTasks=3"], fail)).toEqual({ owner: "team=a", minTasks: "3" });
    expect(() => readOverrides(["=x"], fail)).toThrow('--set takes key=value, got "=x"');
  });
});
