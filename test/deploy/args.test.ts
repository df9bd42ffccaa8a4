import { parseDeployArgs, selectLayers, usage, UsageError } from "../../shared/deploy/args";

function usageError(argv: string[]): UsageError {
  try {
    parseDeployArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error("expected a usage error");
}

describe("deploy command line", () => {
  it("reads the command, the stack, the layer and every switch a command accepts", () => {
    expect(
      parseDeployArgs(["deploy", "--stack", "orders-prod", "--layer", "compute", "--secrets-provider", "awskms://alias/pulumi"]),
    ).toEqual({
      command: "deploy",
      stack: "orders-prod",
      layer: "compute",
      yes: false,
      showSecrets: false,
      secretsProvider: "awskms://alias/pulumi",
    });
    expect(parseDeployArgs(["destroy", "--stack", "orders-dev", "--from", "edge", "--yes"])).toEqual({
      command: "destroy",
      stack: "orders-dev",
      from: "edge",
      yes: true,
      showSecrets: false,
    });
    expect(parseDeployArgs(["outputs", "--show-secrets", "--stack", "orders-dev"])).toMatchObject({
      command: "outputs",
      showSecrets: true,
    });
  });

  it.each([
    [[], "unknown command (none); expected one of deploy, preview, destroy, outputs"],
    [["apply", "--stack", "x"], 'unknown command "apply"'],
    [["deploy"], "--stack is required"],
    [["deploy", "--stack"], "--stack needs a value"],
    [["deploy", "--stack", "--layer"], "--stack needs a value"],
    [["deploy", "--stack", "a", "--stack", "b"], "--stack is given twice"],
    [["deploy", "--stack", "../etc/x"], '--stack is "../etc/x"; expected a stack name of letters, digits, _ . -'],
    [["deploy", "--stack", ".hidden"], '--stack is ".hidden"; expected a stack name'],
    [["deploy", "--stack", "a", "--layer", "database"], '--layer is "database"; expected one of network, data, edge, compute'],
    [["deploy", "--stack", "a", "--layer", "edge", "--from", "data"], "--layer and --from exclude each other"],
    [["deploy", "--stack", "a", "--yes"], 'unexpected argument "--yes"'],
    [["outputs", "--stack", "a", "--from", "edge"], 'unexpected argument "--from"'],
    [["destroy", "--stack", "a", "--show-secrets"], 'unexpected argument "--show-secrets"'],
  ])("rejects %j with a message and the usage", (argv, message) => {
    const err = usageError(argv);
    expect(err.message).toContain(message);
    expect(err.message).toContain("usage: npm run");
  });

  it("shows the usage of the command that was given, or of all commands", () => {
    expect(usageError(["outputs", "--bogus"]).message).toContain("npm run outputs -- --stack <stack> [--layer <layer>] [--show-secrets]");
    expect(usageError(["outputs", "--bogus"]).message).not.toContain("npm run deploy");
    expect(usage(undefined).match(/npm run/g)).toHaveLength(4);
  });

  it("runs layers in deployment order, destroy in reverse, --layer alone and --from onwards", () => {
    expect(selectLayers({ command: "deploy" })).toEqual(["network", "data", "edge", "compute"]);
    expect(selectLayers({ command: "preview", from: "data" })).toEqual(["data", "edge", "compute"]);
    expect(selectLayers({ command: "destroy" })).toEqual(["compute", "edge", "data", "network"]);
    expect(selectLayers({ command: "destroy", from: "data" })).toEqual(["data", "network"]);
    expect(selectLayers({ command: "destroy", from: "compute" })).toEqual(["compute", "edge", "data", "network"]);
    expect(selectLayers({ command: "outputs", layer: "edge" })).toEqual(["edge"]);
  });
});
