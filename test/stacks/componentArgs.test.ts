import { DataKey, dataKeyDescription, MIN_KEY_DELETION_DAYS } from "../../stacks/data/key";
import { ApiTracing } from "../../stacks/compute/tracing";
import { buildComponent } from "../components";

describe("components built from their own args alone", () => {
  it("DataKey: a rotating key with the description and alias given, deleted after the minimum wait unless told otherwise", async () => {
    const resources = await buildComponent(() => new DataKey("k", { aliasName: "alias/shop-db-qa", description: dataKeyDescription({ system: "shop", environmentSuffix: "qa", cache: true }) }));
    const key = resources.find((r) => r.type === "aws:kms/key:Key");
    expect(key?.inputs).toMatchObject({
      description: "shop qa: Aurora storage, Performance Insights, database secrets, and the cache with its connection secret",
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: MIN_KEY_DELETION_DAYS,
    });
    expect(resources.find((r) => r.type === "aws:kms/alias:Alias")?.inputs).toMatchObject({ name: "alias/shop-db-qa" });
    const kept = await buildComponent(() => new DataKey("k", { aliasName: "alias/a", description: "d", deletionWindowInDays: 30 }));
    expect(kept.find((r) => r.type === "aws:kms/key:Key")?.inputs.deletionWindowInDays).toBe(30);
  });

  it("ApiTracing: one sampling rule for the named service at the given rate", async () => {
    const [rule] = (await buildComponent(() => new ApiTracing("t", { ruleName: "shop-api-qa", serviceName: "shop-api-qa", samplingRate: 0.25 }))).filter((r) => r.custom);
    expect(rule.inputs).toMatchObject({ ruleName: "shop-api-qa", serviceName: "shop-api-qa", fixedRate: 0.25, reservoirSize: 1, priority: 1000 });
  });
});

describe("compute components built from their own args alone", () => {
  it("ImageRepository: immutable, scanned, the newest images kept, kept on destroy unless forceDelete", async () => {
    const { ImageRepository } = await import("../../stacks/compute/repository");
    const resources = await buildComponent(() => new ImageRepository("r", { repositoryName: "shop-api-qa", imagesToKeep: 5 }));
    expect(resources.find((r) => r.type === "aws:ecr/repository:Repository")?.inputs).toMatchObject({ name: "shop-api-qa", imageTagMutability: "IMMUTABLE", forceDelete: false });
    expect(String(resources.find((r) => r.type === "aws:ecr/lifecyclePolicy:LifecyclePolicy")?.inputs.policy)).toContain('"countNumber":5');
  });

  it("ServiceDiscovery: a private namespace in the VPC and the api service, named api.<namespace>", async () => {
    const { ServiceDiscovery } = await import("../../stacks/compute/discovery");
    let dnsName = "";
    const resources = await buildComponent(() => {
      const d = new ServiceDiscovery("d", { namespace: "qa.shop.internal", system: "shop", environmentSuffix: "qa", vpcId: "vpc-1" });
      dnsName = d.dnsName;
      return d;
    });
    expect(dnsName).toBe("api.qa.shop.internal");
    expect(resources.find((r) => r.type === "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace")?.inputs).toMatchObject({ name: "qa.shop.internal", vpc: "vpc-1", description: "Service discovery of the shop API (qa)" });
  });

  it("ApiLogs: the log group, and the PendingOrders filter only when asked for", async () => {
    const { ApiLogs } = await import("../../stacks/compute/logs");
    const plain = await buildComponent(() => new ApiLogs("l", { logGroupName: "shop-api-logs-qa", retentionInDays: 14 }));
    expect(plain.filter((r) => r.custom).map((r) => r.type)).toEqual(["aws:cloudwatch/logGroup:LogGroup"]);
    const counted = await buildComponent(() => new ApiLogs("l", { logGroupName: "g", retentionInDays: 14, pendingOrders: { filterName: "f", namespace: "shop/qa", metricName: "PendingOrders" } }));
    expect(counted.find((r) => r.type === "aws:cloudwatch/logMetricFilter:LogMetricFilter")?.inputs).toMatchObject({ name: "f", metricTransformation: { namespace: "shop/qa", name: "PendingOrders" } });
  });
});

describe("the service's roles built from their own args alone", () => {
  it("ServiceRoles: the named roles, the execution role reading exactly the secrets given, the task role its path and namespace", async () => {
    const pulumi = await import("@pulumi/pulumi");
    const { ServiceRoles } = await import("../../stacks/compute/roles");
    const secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-payment-qa-abc123";
    const resources = await buildComponent(
      () =>
        new ServiceRoles("r", {
          names: { execution: "shop-exec-qa", task: "shop-task-qa", infrastructure: "shop-infra-qa" },
          region: "us-east-1",
          image: { kind: "none" },
          configurationPath: "/shop/qa",
          metricsNamespace: "shop/qa",
          repositoryArn: "arn:aws:ecr:us-east-1:123456789012:repository/shop-api-qa",
          logGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:shop-api-qa",
          secrets: pulumi.output([{ name: "PAYMENT_API_KEY", valueFrom: `${secretArn}:paymentApiKey::` }]),
        }),
    );
    expect(resources.filter((r) => r.type === "aws:iam/role:Role").map((r) => r.inputs.name).sort()).toEqual(["shop-exec-qa", "shop-infra-qa", "shop-task-qa"]);
    const policyOf = (role: string) => String(resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === role)?.inputs.policy);
    expect(policyOf("shop-exec-qa")).toContain(secretArn);
    expect(policyOf("shop-task-qa")).toContain("parameter/shop/qa");
    expect(policyOf("shop-task-qa")).not.toContain("ssmmessages");
  });
});

describe("the application's configuration built from its own args alone", () => {
  it("AppConfig: one String parameter a value under the path, in the order given", async () => {
    const { AppConfig } = await import("../../stacks/compute/parameters");
    const parameters = [
      { id: "region", env: "APP_REGION", description: "Region", value: "eu-west-1" },
      { id: "log-level", env: "LOG_LEVEL", description: "Level", value: "info" },
    ];
    const resources = await buildComponent(() => new AppConfig("c", { path: "/shop/qa", parameters }));
    expect(resources.filter((r) => r.type === "aws:ssm/parameter:Parameter").map((r) => [r.inputs.name, r.inputs.insecureValue, r.inputs.type])).toEqual([
      ["/shop/qa/region", "eu-west-1", "String"],
      ["/shop/qa/log-level", "info", "String"],
    ]);
  });
});
