import * as pulumi from "@pulumi/pulumi";
import { parsePlatformConfig } from "../../shared/config";
import {
  checkUpstreamIdentity,
  CONTRACTS,
  dataContract,
  edgeContract,
  Imported,
  networkContract,
  NetworkOutputs,
  readNetwork,
  upstreamStackName,
  UpstreamMismatchError,
} from "../../shared/contracts";
import { NETWORK_OUTPUTS, NETWORK_STACK } from "../fixtures/upstream";
import { platformMocks } from "../../shared/plan/fakeAws";

const cfg = parsePlatformConfig({ environmentSuffix: "dev", networkStack: "shared-net", organization: "acme" }, { stack: "orders-dev" });
const NETWORK = NETWORK_STACK;

/** Resolves an Output's value (or its failure) in the mocks. */
function settle<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    output.apply((v) => resolve(v));
    (output as unknown as { promise(): Promise<T> }).promise().catch(reject);
  });
}

async function readWith(outputs: Record<string, unknown>): Promise<Imported<NetworkOutputs>> {
  await pulumi.runtime.setMocks(platformMocks("us-east-1", new Map([[NETWORK, outputs]])), "platform-data", "orders-dev", false, "acme");
  return readNetwork(cfg);
}

describe("contracts", () => {
  it("reference the upstream stack as <org>/<project>/<stack>, overridable per layer", () => {
    expect(upstreamStackName(cfg, "network")).toBe(NETWORK);
    expect(upstreamStackName(cfg, "data")).toBe("acme/platform-data/orders-dev");
    expect(upstreamStackName(cfg, "edge")).toBe("acme/platform-edge/orders-dev");
  });

  it("list every contract's keys at runtime, marking the optional ones", () => {
    expect(CONTRACTS).toEqual({ network: networkContract, data: dataContract, edge: edgeContract });
    expect(networkContract.keys.cacheSecurityGroupId).toBe("optional");
    expect(networkContract.keys.vpcId).toBe("required");
    expect(dataContract.keys.kmsKeyArn).toBe("optional");
    expect(edgeContract.keys.redirectListenerArn).toBe("optional");
    for (const contract of Object.values(CONTRACTS)) {
      expect(contract.keys).toMatchObject({ system: "required", region: "required", environmentSuffix: "required" });
    }
  });

  it("read every key of the upstream stack through the typed reader", async () => {
    const network = await readWith({ ...NETWORK_OUTPUTS });
    expect(await settle(network.vpcId)).toBe("vpc-0123");
    expect(await settle(network.privateSubnetIds)).toEqual(["subnet-4", "subnet-5", "subnet-6"]);
    expect(await settle(network.cacheSecurityGroupId)).toBeUndefined();
  });

  it("refuse an upstream stack of another system or region, saying which setting to change", () => {
    expect(checkUpstreamIdentity(NETWORK, { system: "orders", region: "us-east-1" }, cfg, "network")).toBe(true);
    expect(() => checkUpstreamIdentity(NETWORK, { system: "catalog", region: "us-east-1" }, cfg, "network")).toThrow(UpstreamMismatchError);
    expect(() => checkUpstreamIdentity(NETWORK, { system: "orders", region: "us-west-2" }, cfg, "network")).toThrow(
      `stack ${NETWORK} belongs to system "orders" in us-west-2, but this stack is system "orders" in us-east-1; set platform:networkStack to a network stack of the same system and region`,
    );
  });
});
