import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CapacityPlan, DataOutputs, EdgeOutputs, Imported, metricsNamespace, nameOf, NetworkOutputs, pendingOrdersMetric, PlatformConfig, upstreamStackName } from "../../shared";
import { apiContainer, cacheSecretFor, CONTAINER_NAME, containerSecrets, imageReference, xrayDaemonContainer } from "./container";
import { ApiLogs } from "./logs";
import { AppConfig, appParameters, configurationPath } from "./parameters";
import { ServiceRoles } from "./roles";
import { tracingName } from "./tracing";

/**
 * The service's capacity provider strategy: with Spot, the FARGATE base
 * first, then the rest by weight; on demand, FARGATE alone.
 */
export function capacityProviderStrategy(plan: CapacityPlan): aws.types.input.ecs.ServiceCapacityProviderStrategy[] {
  if (plan.kind === "onDemand") return [{ capacityProvider: "FARGATE", base: 0, weight: 1 }];
  return [
    { capacityProvider: "FARGATE", base: plan.fargateBase, weight: plan.fargateWeight },
    { capacityProvider: "FARGATE_SPOT", weight: plan.spotWeight },
  ];
}

/** The desired count when the service is created: zero until an image is configured, so nothing crash-loops. */
export function initialDesiredCount(cfg: PlatformConfig): number {
  return cfg.compute.image.kind === "none" ? 0 : cfg.compute.minTasks;
}

export interface ApiServiceArgs {
  readonly cfg: PlatformConfig;
  readonly network: Imported<NetworkOutputs>;
  readonly data: Imported<DataOutputs>;
  readonly edge: Imported<EdgeOutputs>;
  readonly repositoryArn: pulumi.Input<string>;
  readonly repositoryUrl: pulumi.Input<string>;
  /** With service discovery: the Cloud Map service the ECS service registers its tasks in. */
  readonly registryArn?: pulumi.Input<string>;
}

/**
 * The API on ECS Fargate: the cluster (Container Insights, FARGATE and
 * FARGATE_SPOT), its configuration and logs, its roles, the task
 * definition (with the X-Ray daemon when tracing is on), and the service in
 * the private subnets, deployed blue/green by ECS behind the edge layer's
 * listener rules and, with service discovery, registered in Cloud Map.
 */
export class ApiService extends pulumi.ComponentResource {
  public readonly clusterName: pulumi.Output<string>;
  public readonly clusterArn: pulumi.Output<string>;
  public readonly serviceName: pulumi.Output<string>;
  public readonly serviceArn: pulumi.Output<string>;
  public readonly taskDefinitionArn: pulumi.Output<string>;
  public readonly logGroupName: pulumi.Output<string>;
  public readonly taskRoleArn: pulumi.Output<string>;

  constructor(name: string, args: ApiServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:ApiService", name, {}, opts);
    const { cfg, network, data, edge } = args;
    const compute = cfg.compute;

    const cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      {
        name: nameOf(cfg, "ecsCluster"),
        settings: [{ name: "containerInsights", value: "enabled" }],
        configuration: { executeCommandConfiguration: { logging: "NONE" } },
      },
      { parent: this },
    );
    const providers = new aws.ecs.ClusterCapacityProviders(
      `${name}-capacity`,
      {
        clusterName: cluster.name,
        capacityProviders: ["FARGATE", "FARGATE_SPOT"],
        defaultCapacityProviderStrategies: capacityProviderStrategy(compute.capacity),
      },
      { parent: this },
    );

    const config = new AppConfig(`${name}-config`, { path: configurationPath(cfg), parameters: appParameters(cfg, data) }, { parent: this });
    const pending = pendingOrdersMetric(cfg);
    const logs = new ApiLogs(
      `${name}-logs`,
      {
        logGroupName: nameOf(cfg, "apiLogGroup"),
        retentionInDays: compute.apiLogRetentionDays,
        pendingOrders: cfg.pendingOrdersMetric ? { filterName: nameOf(cfg, "pendingOrdersFilter"), namespace: pending.namespace, metricName: pending.name } : undefined,
      },
      { parent: this },
    );
    const secrets = pulumi
      .all([data.masterSecretArn, data.appSecretArn, data.cacheSecretArn, config.parameters])
      .apply(([masterSecretArn, appSecretArn, cacheArn, parameters]) => {
        const cacheSecretArn = cacheSecretFor(cfg.cache, cacheArn, upstreamStackName(cfg, "data"));
        return containerSecrets({
          masterSecretArn,
          appSecretArn,
          appSecretKeys: compute.appSecretKeys,
          ...(cacheSecretArn === undefined ? {} : { cacheSecretArn }),
          parameters,
        });
      });
    const roles = new ServiceRoles(
      `${name}-roles`,
      {
        names: { execution: nameOf(cfg, "executionRole"), task: nameOf(cfg, "taskRole"), infrastructure: nameOf(cfg, "infrastructureRole") },
        region: cfg.region,
        image: compute.image,
        configurationPath: configurationPath(cfg),
        metricsNamespace: metricsNamespace(cfg),
        kmsKeyArn: data.kmsKeyArn,
        ecsExec: compute.ecsExecEnabled,
        xray: compute.xray !== undefined,
        repositoryArn: args.repositoryArn,
        logGroupArn: logs.logGroupArn,
        secrets,
      },
      { parent: this },
    );

    const containerDefinitions = pulumi
      .all([args.repositoryUrl, secrets, logs.logGroupName])
      .apply(([repositoryUrl, resolved, logGroupName]) =>
        JSON.stringify([
          apiContainer({
            image: imageReference(compute.image, repositoryUrl),
            containerPort: compute.containerPort,
            secrets: resolved,
            logGroupName,
            region: cfg.region,
            stopTimeoutSeconds: compute.stopTimeoutSeconds,
            ...(compute.xray === undefined ? {} : { tracingName: tracingName(cfg) }),
          }),
          ...(compute.xray === undefined ? [] : [xrayDaemonContainer({ logGroupName, region: cfg.region })]),
        ]),
      );
    const taskDefinition = new aws.ecs.TaskDefinition(
      `${name}-task`,
      {
        family: nameOf(cfg, "taskFamily"),
        cpu: String(compute.taskCpu),
        memory: String(compute.taskMemory),
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
        executionRoleArn: roles.executionRoleArn,
        taskRoleArn: roles.taskRoleArn,
        containerDefinitions,
      },
      { parent: this },
    );

    const service = new aws.ecs.Service(
      `${name}-service`,
      {
        name: nameOf(cfg, "ecsService"),
        cluster: cluster.arn,
        taskDefinition: taskDefinition.arn,
        desiredCount: initialDesiredCount(cfg),
        capacityProviderStrategies: capacityProviderStrategy(compute.capacity),
        platformVersion: "LATEST",
        networkConfiguration: {
          subnets: network.privateSubnetIds,
          securityGroups: [network.serviceSecurityGroupId],
          assignPublicIp: false,
        },
        loadBalancers: [
          {
            targetGroupArn: edge.blueTargetGroupArn,
            containerName: CONTAINER_NAME,
            containerPort: compute.containerPort,
            advancedConfiguration: {
              alternateTargetGroupArn: edge.greenTargetGroupArn,
              productionListenerRule: edge.productionListenerRuleArn,
              testListenerRule: edge.testListenerRuleArn,
              roleArn: roles.infrastructureRoleArn,
            },
          },
        ],
        // Cloud Map registration is not part of ECS's managed traffic shift: tasks of both revisions are in DNS while both run.
        ...(args.registryArn === undefined ? {} : { serviceRegistries: { registryArn: args.registryArn } }),
        deploymentController: { type: "ECS" },
        deploymentConfiguration: { strategy: "BLUE_GREEN", bakeTimeInMinutes: String(compute.deploymentBakeTimeMinutes) },
        deploymentCircuitBreaker: { enable: true, rollback: true },
        alarms: { alarmNames: edge.rollbackAlarmNames, enable: true, rollback: true },
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        healthCheckGracePeriodSeconds: compute.healthCheckGracePeriodSeconds,
        availabilityZoneRebalancing: "ENABLED",
        propagateTags: "SERVICE",
        enableEcsManagedTags: true,
        enableExecuteCommand: compute.ecsExecEnabled,
        forceDelete: !cfg.deletionProtection,
        // ECS accepts a changed capacity provider strategy only with a new deployment.
        forceNewDeployment: true,
      },
      // Autoscaling owns the desired count once the service exists.
      { parent: this, dependsOn: [providers, ...roles.policies], ignoreChanges: ["desiredCount"] },
    );

    this.clusterName = cluster.name;
    this.clusterArn = cluster.arn;
    this.serviceName = service.name;
    this.serviceArn = service.arn;
    this.taskDefinitionArn = taskDefinition.arn;
    this.logGroupName = logs.logGroupName;
    this.taskRoleArn = roles.taskRoleArn;
    this.registerOutputs({
      clusterName: this.clusterName,
      clusterArn: this.clusterArn,
      serviceName: this.serviceName,
      serviceArn: this.serviceArn,
      taskDefinitionArn: this.taskDefinitionArn,
      logGroupName: this.logGroupName,
      taskRoleArn: this.taskRoleArn,
    });
  }
}
