import { configOf, LayerPlan, Plan, readStackSettings } from "../../shared/plan/runner";
import { scalingBounds } from "../../stacks/compute/scaling";
import { jsonInput, layerOf, ofType, one, planStack } from "../harness";

/**
 * The catalog and payment APIs end to end: their committed stacks planned
 * through all four layers, each requirement of the presets asserted on the
 * planned resources. The layer tests prove each option in detail; these
 * prove the presets turn them on together, in the right region.
 */

type Resource = LayerPlan["resources"][number];
const byName = (layer: LayerPlan, name: string): Resource => {
  const found = layer.resources.find((r) => r.name === name);
  if (!found) throw new Error(`no resource named ${name} in ${layer.layer}`);
  return found;
};
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const alarmsOf = (plan: Plan) => new Map(ofType(layerOf(plan, "edge"), ALARM).map((a) => [a.name.replace(/^edge-/, ""), a.inputs]));
const allLogGroups = (plan: Plan) => plan.layers.flatMap((l) => ofType(l, LOG_GROUP));
const providerRegions = (plan: Plan) => plan.layers.map((l) => one(l, "pulumi:providers:aws").inputs.region);
interface Container {
  readonly name: string;
  readonly image: string;
  readonly secrets?: readonly { name: string; valueFrom: string }[];
  readonly environment?: readonly { name: string; value: string }[];
}
const containers = (plan: Plan) =>
  jsonInput<Container[]>(one(layerOf(plan, "compute"), "aws:ecs/taskDefinition:TaskDefinition"), "containerDefinitions");
const scalingPolicies = (plan: Plan) =>
  new Map(
    ofType(layerOf(plan, "compute"), "aws:appautoscaling/policy:Policy").map((p) => [
      p.name,
      p.inputs.targetTrackingScalingPolicyConfiguration as {
        targetValue: number;
        scaleOutCooldown: number;
        scaleInCooldown: number;
        predefinedMetricSpecification?: { predefinedMetricType: string };
      },
    ]),
  );

/** The scaling bounds of a committed stack once an image is configured (before it, the service runs zero tasks). */
const boundsWithImage = (stack: string) => scalingBounds(configOf(stack, readStackSettings(stack, { imageTag: "1.0.0" })));

let catalog: Plan;
let payments: Plan;
beforeAll(async () => {
  catalog = await planStack("catalog-dev");
  payments = await planStack("payments-dev");
});

describe("the catalog API (catalog-dev)", () => {
  it("deploys every layer to us-west-2", () => {
    expect(catalog.system).toBe("catalog");
    expect(providerRegions(catalog)).toEqual(["us-west-2", "us-west-2", "us-west-2", "us-west-2"]);
  });

  it("runs Aurora PostgreSQL Serverless v2, encrypted, TLS-only, 7-day backups, RDS-managed credentials rotated every 30 days, destroyable in development", () => {
    const data = layerOf(catalog, "data");
    const cluster = one(data, "aws:rds/cluster:Cluster").inputs;
    expect(cluster).toMatchObject({
      engine: "aurora-postgresql",
      storageEncrypted: true,
      backupRetentionPeriod: 7,
      manageMasterUserPassword: true,
      deletionProtection: false,
      skipFinalSnapshot: true,
      serverlessv2ScalingConfiguration: { minCapacity: 2, maxCapacity: 16 },
    });
    expect(ofType(data, "aws:rds/clusterInstance:ClusterInstance").map((i) => i.inputs.instanceClass)).toEqual([
      "db.serverless",
      "db.serverless",
    ]);
    expect(one(data, "aws:rds/clusterParameterGroup:ClusterParameterGroup").inputs.parameters).toContainEqual(
      expect.objectContaining({ name: "rds.force_ssl", value: "1" }),
    );
    expect(one(data, "aws:secretsmanager/secretRotation:SecretRotation", "data-master-rotation").inputs.rotationRules).toEqual({
      automaticallyAfterDays: 30,
    });
  });

  it("protects the database with deletion protection and a final snapshot when deletionProtection is set", async () => {
    const data = layerOf(await planStack("catalog-dev", { deletionProtection: "true" }, "data"), "data");
    expect(one(data, "aws:rds/cluster:Cluster").inputs).toMatchObject({
      deletionProtection: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: expect.stringMatching(/^catalog-aurora-final-dev-[0-9a-f]{8}$/),
    });
  });

  it("runs a cluster-mode Valkey cache of 2 shards with a replica each, Multi-AZ with failover, encrypted both ways, in the private subnets behind the cache group", () => {
    const network = layerOf(catalog, "network").outputs;
    const data = layerOf(catalog, "data");
    const group = one(data, "aws:elasticache/replicationGroup:ReplicationGroup").inputs;
    expect(group).toMatchObject({
      clusterMode: "enabled",
      numNodeGroups: 2,
      replicasPerNodeGroup: 1,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      atRestEncryptionEnabled: true,
      authToken: "[secret]",
      securityGroupIds: [network.cacheSecurityGroupId],
    });
    expect(one(data, "aws:elasticache/subnetGroup:SubnetGroup").inputs.subnetIds).toEqual(network.privateSubnetIds);
  });

  it("hands the cache's endpoint and secret to the compute layer through the data contract, which injects them", () => {
    const outputs = layerOf(catalog, "data").outputs;
    expect(outputs.cacheConfigurationEndpoint).toEqual(expect.stringContaining("catalog-cache-dev"));
    const secrets = containers(catalog)[0].secrets ?? [];
    for (const key of ["host", "port", "authToken", "url"]) {
      expect(secrets.map((s) => s.valueFrom)).toContain(`${String(outputs.cacheSecretArn)}:${key}::`);
    }
  });

  it("serves HTTPS with a DNS-validated ACM certificate, redirects HTTP to HTTPS, and balances across zones", () => {
    const edge = layerOf(catalog, "edge");
    expect(one(edge, "aws:acm/certificate:Certificate").inputs).toMatchObject({
      domainName: "api.catalog.example.com",
      validationMethod: "DNS",
    });
    expect(byName(edge, "edge-listener-443").inputs).toMatchObject({ port: 443, protocol: "HTTPS" });
    expect(byName(edge, "edge-listener-80").inputs.defaultActions).toEqual([
      expect.objectContaining({
        type: "redirect",
        redirect: expect.objectContaining({ protocol: "HTTPS", port: "443", statusCode: "HTTP_301" }),
      }),
    ]);
    expect(one(edge, "aws:lb/loadBalancer:LoadBalancer").inputs).toMatchObject({ internal: false, enableCrossZoneLoadBalancing: true });
  });

  it("scales from 2 to 10 tasks on 70% CPU once an image is configured", () => {
    expect(boundsWithImage("catalog-dev")).toEqual({ min: 2, max: 10 });
    expect([...scalingPolicies(catalog).entries()]).toEqual([
      [
        "api-cpu",
        expect.objectContaining({
          targetValue: 70,
          predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
        }),
      ],
    ]);
  });

  it("registers the service in a Cloud Map private DNS namespace of the stack's VPC", () => {
    const compute = layerOf(catalog, "compute");
    const namespace = one(compute, "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace");
    expect(namespace.inputs.vpc).toBe(layerOf(catalog, "network").outputs.vpcId);
    const service = one(compute, "aws:servicediscovery/service:Service");
    expect(one(compute, "aws:ecs/service:Service").inputs.serviceRegistries).toEqual({
      registryArn: expect.stringContaining(":servicediscovery:us-west-2:"),
    });
    expect(service.dependencies).toContain(namespace.urn);
  });

  it("keeps every log group exactly 14 days", () => {
    const groups = allLogGroups(catalog);
    expect(groups.length).toBeGreaterThanOrEqual(5);
    expect(new Set(groups.map((g) => g.inputs.retentionInDays))).toEqual(new Set([14]));
  });

  it("alarms on service CPU, database connections and Redis memory, and watches response time through the ALB", () => {
    const alarms = alarmsOf(catalog);
    expect(alarms.get("alarmServiceCpu")).toMatchObject({ namespace: "AWS/ECS", metricName: "CPUUtilization", threshold: 80 });
    expect(alarms.get("alarmDbConnections")).toMatchObject({ namespace: "AWS/RDS", metricName: "DatabaseConnections" });
    expect(JSON.stringify(alarms.get("alarmCacheMemory"))).toContain("DatabaseMemoryUsagePercentage");
    expect(alarms.get("alarmLatency")).toMatchObject({
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      extendedStatistic: "p99",
    });
    expect(alarms.has("alarmPendingOrders")).toBe(false);
  });
});

describe("the payment API (payments-dev)", () => {
  it("deploys every layer to ap-southeast-1", () => {
    expect(payments.system).toBe("payments");
    expect(providerRegions(payments)).toEqual(["ap-southeast-1", "ap-southeast-1", "ap-southeast-1", "ap-southeast-1"]);
  });

  it("places the database in the isolated subnet tier, with a NAT gateway per AZ for the private tier", () => {
    const network = layerOf(payments, "network");
    expect(one(network, "awsx:ec2:Vpc").inputs.natGateways).toEqual({ strategy: "OnePerAz" });
    const outputs = network.outputs;
    expect(outputs.isolatedSubnetIds).toHaveLength(3);
    expect(outputs.databaseSubnetIds).toEqual(outputs.isolatedSubnetIds);
    expect(one(layerOf(payments, "data"), "aws:rds/subnetGroup:SubnetGroup").inputs.subnetIds).toEqual(outputs.isolatedSubnetIds);
  });

  it("runs Aurora PostgreSQL Serverless v2 from 0.5 to 2 ACU under a rotating customer-managed key, TLS-only, PostgreSQL logs exported, backups 03:00-04:00 and maintenance Sunday 04:00-05:00", () => {
    const data = layerOf(payments, "data");
    const key = one(data, "aws:kms/key:Key");
    expect(key.inputs.enableKeyRotation).toBe(true);
    expect(one(data, "aws:rds/cluster:Cluster").inputs).toMatchObject({
      engine: "aurora-postgresql",
      serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 2 },
      storageEncrypted: true,
      kmsKeyId: data.outputs.kmsKeyArn,
      enabledCloudwatchLogsExports: ["postgresql"],
      backupRetentionPeriod: 7,
      preferredBackupWindow: "03:00-04:00",
      preferredMaintenanceWindow: "sun:04:00-sun:05:00",
    });
    expect(one(data, "aws:rds/clusterParameterGroup:ClusterParameterGroup").inputs.parameters).toContainEqual(
      expect.objectContaining({ name: "rds.force_ssl", value: "1" }),
    );
  });

  it("verifies the backups daily with its own function, schedule and log group, and alarms when the check fails or does not run", () => {
    const data = layerOf(payments, "data");
    const fn = one(data, "aws:lambda/function:Function", "data-backup-check");
    expect(one(data, "aws:cloudwatch/eventRule:EventRule").inputs.scheduleExpression).toBe("cron(0 5 * * ? *)");
    expect(ofType(data, LOG_GROUP).map((g) => g.inputs.name)).toContain(`/aws/lambda/${String(fn.inputs.name)}`);
    expect(alarmsOf(payments).get("alarmBackupCheck")).toMatchObject({
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      treatMissingData: "breaching",
    });
  });

  it("puts API Gateway in front with an API key, a throttled usage plan and a separate stage whose invoke URL is exported", () => {
    const edge = layerOf(payments, "edge");
    const methods = ofType(edge, "aws:apigateway/method:Method");
    expect(methods.length).toBeGreaterThan(0);
    expect(methods.every((m) => m.inputs.apiKeyRequired === true)).toBe(true);
    const stage = one(edge, "aws:apigateway/stage:Stage");
    expect(edge.outputs.apiGatewayInvokeUrl).toEqual(
      expect.stringMatching(/^https:\/\/.+\.execute-api\.ap-southeast-1\.amazonaws\.com\/v1$/),
    );
    expect(edge.outputs.apiUrl).toBe(edge.outputs.apiGatewayInvokeUrl);
    const plan = one(edge, "aws:apigateway/usagePlan:UsagePlan").inputs;
    expect(plan.throttleSettings).toEqual(expect.objectContaining({ rateLimit: expect.any(Number), burstLimit: expect.any(Number) }));
    expect(plan.apiStages).toEqual([expect.objectContaining({ stage: stage.inputs.stageName })]);
    expect(one(edge, "aws:apigateway/usagePlanKey:UsagePlanKey").inputs.keyType).toBe("API_KEY");
  });

  it("leaves no way around API Gateway: the load balancer is internal and admits only the VPC link's group", () => {
    const network = layerOf(payments, "network");
    const lb = one(layerOf(payments, "edge"), "aws:lb/loadBalancer:LoadBalancer").inputs;
    expect(lb).toMatchObject({ internal: true, subnets: network.outputs.privateSubnetIds });
    const albIngress = ofType(network, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
      (r) => r.inputs.securityGroupId === network.outputs.loadBalancerSecurityGroupId,
    );
    expect(albIngress.map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.cidrIpv4])).toEqual([
      [network.outputs.apiGatewayVpcLinkSecurityGroupId, undefined],
    ]);
  });

  it("runs an X-Ray daemon sidecar sampling 10%, with the task role's X-Ray permissions", () => {
    const compute = layerOf(payments, "compute");
    expect(containers(payments).map((c) => c.name)).toEqual(["api", "xray-daemon"]);
    expect(one(compute, "aws:xray/samplingRule:SamplingRule").inputs.fixedRate).toBe(0.1);
    const taskPolicy = jsonInput<{ Statement: { Action: string | string[] }[] }>(
      one(compute, "aws:iam/rolePolicy:RolePolicy", "api-roles-task"),
      "policy",
    );
    expect(taskPolicy.Statement.flatMap((s) => s.Action)).toEqual(
      expect.arrayContaining(["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"]),
    );
  });

  it("scales from 2 to 10 on-demand tasks on CPU 70% and memory 80%, out after 60 s and in after 300 s", () => {
    const compute = layerOf(payments, "compute");
    expect(boundsWithImage("payments-dev")).toEqual({ min: 2, max: 10 });
    const policies = scalingPolicies(payments);
    expect(policies.get("api-cpu")).toMatchObject({ targetValue: 70, scaleOutCooldown: 60, scaleInCooldown: 300 });
    expect(policies.get("api-memory")).toMatchObject({
      targetValue: 80,
      scaleOutCooldown: 60,
      scaleInCooldown: 300,
      predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageMemoryUtilization" },
    });
    expect(one(compute, "aws:ecs/service:Service").inputs.capacityProviderStrategies).toEqual([
      expect.objectContaining({ capacityProvider: "FARGATE" }),
    ]);
  });

  it("keeps every log group 7 years (2557 days)", () => {
    const groups = allLogGroups(payments);
    expect(groups.length).toBeGreaterThanOrEqual(5);
    expect(new Set(groups.map((g) => g.inputs.retentionInDays))).toEqual(new Set([2557]));
  });

  it("alarms on unhealthy hosts, ECS CPU and memory over 80%, database CPU over 80%, connections and low free local storage", () => {
    const alarms = alarmsOf(payments);
    expect(alarms.get("alarmUnhealthyHosts")).toMatchObject({ comparisonOperator: "GreaterThanThreshold", threshold: 0 });
    expect(alarms.get("alarmServiceCpu")).toMatchObject({ metricName: "CPUUtilization", namespace: "AWS/ECS", threshold: 80 });
    expect(alarms.get("alarmServiceMemory")).toMatchObject({ metricName: "MemoryUtilization", namespace: "AWS/ECS", threshold: 80 });
    expect(alarms.get("alarmDbCpu")).toMatchObject({ metricName: "CPUUtilization", namespace: "AWS/RDS", threshold: 80 });
    expect(alarms.get("alarmDbConnections")).toMatchObject({ metricName: "DatabaseConnections" });
    expect(alarms.get("alarmDbFreeLocalStorage")).toMatchObject({
      metricName: "FreeLocalStorage",
      comparisonOperator: "LessThanThreshold",
    });
  });
});

describe("the committed stacks of the new presets", () => {
  it("plan with the catalog's and the payments' exact outputs the README documents", () => {
    expect(layerOf(catalog, "edge").outputs.apiUrl).toBe("https://api.catalog.example.com");
    expect(layerOf(payments, "compute").outputs.clusterArn).toEqual(expect.stringContaining(":ecs:ap-southeast-1:"));
    for (const key of ["albDnsName", "apiGatewayInvokeUrl", "dashboardUrl"]) expect(layerOf(payments, "edge").outputs).toHaveProperty(key);
    expect(layerOf(payments, "network").outputs).toHaveProperty("vpcId");
    expect(layerOf(payments, "data").outputs).toHaveProperty("writerEndpoint");
  });
});
