import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parsePlatformConfig } from "../../shared/config";
import { awsProvider } from "../../shared/provider";
import { REQUIRED_TAG_KEYS, standardTags } from "../../shared/tags";

const cfg = (extra: Record<string, string> = {}) => parsePlatformConfig({ environmentSuffix: "dev", ...extra }, { stack: "orders-dev" });

describe("standard tags", () => {
  it("name the environment, deployment, project, system, layer and manager of every resource", () => {
    expect(standardTags(cfg(), "data")).toEqual({
      Environment: "development",
      EnvironmentSuffix: "dev",
      Project: "platform-data",
      System: "orders",
      Layer: "data",
      ManagedBy: "pulumi",
    });
  });

  it("add Owner and CostCenter only when configured", () => {
    const tags = standardTags(cfg({ owner: "orders-team", costCenter: "ecommerce" }), "edge");
    expect(tags).toMatchObject({ Owner: "orders-team", CostCenter: "ecommerce" });
    expect(Object.keys(standardTags(cfg(), "edge"))).toEqual([...REQUIRED_TAG_KEYS]);
  });
});

describe("the layer's AWS provider", () => {
  let inputs: Record<string, unknown> = {};
  beforeAll(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          if (args.type === "pulumi:providers:aws") inputs = args.inputs;
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => args.inputs,
      },
      "platform-network",
      "orders-dev",
    );
  });

  it("applies the standard tags as defaultTags, the stack's region and the allowed accounts", async () => {
    const provider = awsProvider(cfg({ allowedAccountIds: '["123456789012"]' }), "network");
    await new Promise<void>((resolve) => pulumi.all([provider.urn]).apply(() => resolve()));
    expect(provider).toBeInstanceOf(aws.Provider);
    expect(inputs.region).toBe("us-east-1");
    expect(JSON.parse(String(inputs.allowedAccountIds))).toEqual(["123456789012"]);
    expect(JSON.parse(String(inputs.defaultTags))).toEqual({ tags: standardTags(cfg(), "network") });
  });
});
