import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CapacityPlan, ComputeConfig, DataOutputs, EdgeOutputs, Imported, NetworkOutputs, PlatformConfig } from "../../shared";
import { apiContainer, cacheSecretFor, CONTAINER_NAME, containerSecrets, imageReference, xrayDaemonContainer } from "./container";
import { ApiLogs, ApiLogsArgs } from "./logs";
import { AppConfig, AppConfigArgs } from "./parameters";
import { ServiceRoles, ServiceRolesArgs } from "./roles";

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

/** The physical names of the cluster, the service and the task definition's family. */
export interface ApiServiceNames {
  readonly cluster: string;
  readonly service: string;
  readonly taskFamily: string;
}

export interface ApiServiceArgs {
  readonly names: ApiServiceNames;
  readonly region: string;
  /** The service's settings: task size, image, container port, capacity, deployment timings, ECS Exec, the application secret's keys. */
  readonly compute: ComputeConfig;
  /** The service's log group (and its PendingOrders filter). */
  readonly logs: ApiLogsArgs;
  /** The application's configuration in Parameter Store. */
  readonly config: AppConfigArgs;
  /** The roles, less what the service supplies itself (repository, log group, secrets). */
  readonly roles: Omit<ServiceRolesArgs, "repositoryArn" | "logGroupArn" | "secrets">;
  /** The desired count when the service is created (see {@link initialDesiredCount}). */
  readonly desiredCount: number;
  /**
   * The name X-Ray traces carry; with it, the X-Ray daemon sidecar.
   * @default none (no tracing)
   */
  readonly tracingName?: string;
  /**
   * The data stack whose cache secret the container gets as `REDIS_*`; it must export one.
   * @default none (no cache)
   */
  readonly cacheDataStack?: string;
  /**
   * The service's deletion is not forced while it has tasks.
   * @default false
   */
  readonly deletionProtection?: boolean;
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
    const { network, data, edge, names, compute, region } = args;

    const cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      {
        name: names.cluster,
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

    const config = new AppConfig(`${name}-config`, args.config, { parent: this });
    const logs = new ApiLogs(`${name}-logs`, args.logs, { parent: this });
    const secrets = pulumi
      .all([data.dbAppUserSecretArn, data.appSecretArn, data.cacheSecretArn, config.parameters])
      .apply(([dbAppUserSecretArn, appSecretArn, cacheArn, parameters]) => {
        const cacheSecretArn = cacheSecretFor(args.cacheDataStack !== undefined, cacheArn, args.cacheDataStack ?? "");
        return containerSecrets({
          dbAppUserSecretArn,
          appSecretArn,
          appSecretKeys: compute.appSecretKeys,
          cacheSecretArn,
          parameters,
        });
      });
    const roles = new ServiceRoles(
      `${name}-roles`,
      { ...args.roles, repositoryArn: args.repositoryArn, logGroupArn: logs.logGroupArn, secrets },
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
            region,
            stopTimeoutSeconds: compute.stopTimeoutSeconds,
            tracingName: args.tracingName,
          }),
          ...(args.tracingName === undefined ? [] : [xrayDaemonContainer({ logGroupName, region })]),
        ]),
      );
    const taskDefinition = new aws.ecs.TaskDefinition(
      `${name}-task`,
      {
        family: names.taskFamily,
        cpu: String(compute.taskCpu),
        memory: String(compute.taskMemory),
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        // ARM64 (Graviton) needs every image built for linux/arm64 or a multi-architecture index (cpuArchitecture's doc).
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: compute.cpuArchitecture },
        executionRoleArn: roles.executionRoleArn,
        taskRoleArn: roles.taskRoleArn,
        containerDefinitions,
      },
      { parent: this },
    );

    // The blue/green binding as declared: blue serves production first. ECS
    // registers a deployment's new tasks in the other group, shifts the
    // production rule to it, and from then on reports the groups the other
    // way round (the service's options below).
    const loadBalancers = [
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
    ];

    const service = new aws.ecs.Service(
      `${name}-service`,
      {
        name: names.service,
        cluster: cluster.arn,
        taskDefinition: taskDefinition.arn,
        desiredCount: args.desiredCount,
        capacityProviderStrategies: capacityProviderStrategy(compute.capacity),
        platformVersion: "LATEST",
        networkConfiguration: {
          subnets: network.privateSubnetIds,
          securityGroups: [network.serviceSecurityGroupId],
          assignPublicIp: false,
        },
        loadBalancers,
        // Cloud Map registration is not part of ECS's managed traffic shift: tasks of both revisions are in DNS while both run.
        serviceRegistries: args.registryArn === undefined ? undefined : { registryArn: args.registryArn },
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
        forceDelete: !(args.deletionProtection ?? false),
        // The provider replaces the service on a changed capacity provider
        // strategy unless this is set (capacityProviderStrategyCustomizeDiff in
        // hashicorp/terraform-provider-aws internal/service/ecs/service.go; see
        // also its PR #25840: force_new_deployment acts only on an update);
        // with it, every update of the service itself starts a deployment.
        // Releases change only the task definition, and scaling bounds live on
        // the autoscaling target, so neither costs an extra deployment.
        forceNewDeployment: true,
      },
      {
        parent: this,
        dependsOn: [providers, ...roles.policies],
        // Autoscaling owns the desired count once the service exists.
        //
        // After each blue/green deployment ECS swaps which target
        // group is production ("Amazon ECS blue/green service deployments
        // workflow", https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-how-it-works.html).
        // Sending the program's loadBalancers again (blue as production) on a
        // later update is the provider bug hashicorp/terraform-provider-aws#45678
        // (open): releases after the first would stop alternating. So the
        // block is ignored once the service exists, as Terraform users do
        // (hashicorp/terraform-provider-aws#7001, terraform-aws-modules/terraform-aws-ecs#81),
        // and a release sends only the new task definition.
        ignoreChanges: ["desiredCount", "loadBalancers"],
        // A changed binding (the edge layer's target groups, listener rules or
        // ECS role, or the container's port) still reaches the service: the
        // engine compares this value with the one it recorded and replaces
        // the service when they differ (pulumi/pulumi#20936; a value appearing
        // for the first time replaces nothing). The service's name is fixed,
        // so the old one is deleted first: a short outage, see docs/operators-guide.md.
        replacementTrigger: loadBalancers,
        deleteBeforeReplace: true,
      },
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
