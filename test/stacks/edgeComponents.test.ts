import type { NetworkOutputs } from "../../shared";
import { parsePlatformConfig } from "../../shared/config";
import { ApiGateway } from "../../stacks/edge/apiGateway";
import { buildComponent, imported } from "../components";

describe("edge components built from their own args alone", () => {
  const network = imported<NetworkOutputs>({ privateSubnetIds: ["subnet-1"], apiGatewayVpcLinkSecurityGroupId: "sg-link" });
  const names = { restApi: "shop-api-qa", vpcLink: "shop-link-qa", apiKey: "shop-key-qa", usagePlan: "shop-plan-qa", accessLogGroup: "shop-api-access-qa" };
  const base = { names, apiName: "shop", accessLogRetentionDays: 14, network, loadBalancerArn: "arn:lb", loadBalancerDnsName: "lb.example", listenerPort: 80 };

  it("ApiGateway: the named API, link, key and plan on the stage given, the stage-removing templates on both routes, access logs only when asked for", async () => {
    const settings = parsePlatformConfig({ environmentSuffix: "qa", apiGateway: "true" }, { stack: "s" }).edge.apiGateway!;
    const resources = await buildComponent(() => new ApiGateway("a", { ...base, settings }));
    expect(resources.find((r) => r.type === "aws:apigateway/restApi:RestApi")?.inputs.name).toBe("shop-api-qa");
    expect(resources.find((r) => r.type === "aws:apigatewayv2/vpcLink:VpcLink")?.inputs).toMatchObject({ name: "shop-link-qa", securityGroupIds: ["sg-link"] });
    expect(resources.find((r) => r.type === "aws:apigateway/stage:Stage")?.inputs).toMatchObject({ stageName: "v1", description: "The shop API's v1 stage" });
    expect(resources.find((r) => r.type === "aws:apigateway/usagePlan:UsagePlan")?.inputs).toMatchObject({ name: "shop-plan-qa", throttleSettings: { rateLimit: 50, burstLimit: 100 } });
    const integrations = resources.filter((r) => r.type === "aws:apigateway/integration:Integration");
    expect(integrations.map((i) => Object.keys(i.inputs.requestTemplates as object))).toEqual([
      ["application/json", "application/x-www-form-urlencoded"],
      ["application/json", "application/x-www-form-urlencoded"],
    ]);
    expect(resources.some((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")).toBe(false);
    const logged = await buildComponent(() => new ApiGateway("a", { ...base, settings: { ...settings, accessLogs: true } }));
    expect(logged.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")?.inputs).toMatchObject({ name: "shop-api-access-qa", retentionInDays: 14 });
  });
});
