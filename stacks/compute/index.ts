import {
  awsProvider,
  ComputeOutputs,
  Exported,
  loadPlatformConfig,
  metricsNamespace,
  nameOf,
  pendingOrdersMetric,
  readData,
  readEdge,
  readNetwork,
  upstreamStackName,
} from "../../shared";
import { CredentialRollout } from "./credentialRollout";
import { ServiceDiscovery } from "./discovery";
import { ImageRepository } from "./repository";
import { scalingBounds, ServiceScaling } from "./scaling";
import { appParameters, configurationPath } from "./parameters";
import { ApiService, initialDesiredCount } from "./service";
import { ApiTracing, tracingName } from "./tracing";

/**
 * The compute layer: the API on ECS Fargate, its image repository and
 * autoscaling, the rollout of new tasks after each rotation of the
 * database user secret, and, where the system asks for them, Cloud Map
 * service discovery and X-Ray sampling. Its return value is the stack outputs.
 */
export = async () => {
  const cfg = loadPlatformConfig();
  const provider = awsProvider(cfg, "compute");
  const network = readNetwork(cfg);
  const data = readData(cfg);
  const edge = readEdge(cfg);

  const repository = new ImageRepository(
    "api",
    { repositoryName: nameOf(cfg, "ecrRepository"), imagesToKeep: cfg.compute.ecrImagesToKeep, forceDelete: !cfg.deletionProtection },
    { provider },
  );
  const { serviceDiscovery, xray } = cfg.compute;
  const discovery =
    serviceDiscovery === undefined
      ? undefined
      : new ServiceDiscovery(
          "api-discovery",
          { namespace: serviceDiscovery.namespace, system: cfg.system, environmentSuffix: cfg.environmentSuffix, vpcId: network.vpcId },
          { provider },
        );
  const tracing =
    xray === undefined
      ? undefined
      : new ApiTracing(
          "api-tracing",
          { ruleName: nameOf(cfg, "xraySamplingRule"), serviceName: tracingName(cfg), samplingRate: xray.samplingRate },
          { provider },
        );
  const compute = cfg.compute;
  const pending = pendingOrdersMetric(cfg);
  const api = new ApiService(
    "api",
    {
      names: { cluster: nameOf(cfg, "ecsCluster"), service: nameOf(cfg, "ecsService"), taskFamily: nameOf(cfg, "taskFamily") },
      region: cfg.region,
      compute,
      logs: {
        logGroupName: nameOf(cfg, "apiLogGroup"),
        retentionInDays: compute.apiLogRetentionDays,
        pendingOrders: cfg.pendingOrdersMetric
          ? { filterName: nameOf(cfg, "pendingOrdersFilter"), namespace: pending.namespace, metricName: pending.name }
          : undefined,
      },
      config: { path: configurationPath(cfg), parameters: appParameters(cfg, data) },
      roles: {
        names: {
          execution: nameOf(cfg, "executionRole"),
          task: nameOf(cfg, "taskRole"),
          infrastructure: nameOf(cfg, "infrastructureRole"),
        },
        region: cfg.region,
        image: compute.image,
        configurationPath: configurationPath(cfg),
        metricsNamespace: metricsNamespace(cfg),
        kmsKeyArn: data.kmsKeyArn,
        ecsExec: compute.ecsExecEnabled,
        xray: xray !== undefined,
      },
      desiredCount: initialDesiredCount(cfg),
      tracingName: xray === undefined ? undefined : tracingName(cfg),
      cacheDataStack: cfg.cache ? upstreamStackName(cfg, "data") : undefined,
      deletionProtection: cfg.deletionProtection,
      network,
      data,
      edge,
      repositoryArn: repository.arn,
      repositoryUrl: repository.url,
      registryArn: discovery?.serviceArn,
    },
    { provider },
  );
  const bounds = scalingBounds(cfg);
  const { memoryTargetPercent, pendingOrdersPerTaskTarget } = cfg.compute;
  new ServiceScaling(
    "api",
    {
      clusterName: api.clusterName,
      serviceName: api.serviceName,
      minTasks: bounds.min,
      maxTasks: bounds.max,
      cpuPolicyName: nameOf(cfg, "cpuScalingPolicy"),
      memory:
        memoryTargetPercent === undefined
          ? undefined
          : { policyName: nameOf(cfg, "memoryScalingPolicy"), targetPercent: memoryTargetPercent },
      pendingOrders:
        pendingOrdersPerTaskTarget === undefined
          ? undefined
          : {
              policyName: nameOf(cfg, "pendingOrdersScalingPolicy"),
              targetPerTask: pendingOrdersPerTaskTarget,
              metric: pendingOrdersMetric(cfg),
              burst: { policyName: nameOf(cfg, "pendingOrdersBurstPolicy"), alarmName: nameOf(cfg, "pendingOrdersBurstAlarm") },
            },
    },
    { provider },
  );
  // Always on: every system has a database, and its user secret rotates.
  new CredentialRollout(
    "api-credentials",
    {
      names: {
        rule: nameOf(cfg, "credentialRolloutRule"),
        stateMachine: nameOf(cfg, "credentialRolloutStateMachine"),
        role: nameOf(cfg, "credentialRolloutRole"),
        eventsRole: nameOf(cfg, "credentialRolloutEventsRole"),
      },
      region: cfg.region,
      secretArn: data.dbAppUserSecretArn,
      clusterName: api.clusterName,
      serviceName: api.serviceName,
    },
    { provider },
  );

  return {
    system: cfg.system,
    region: cfg.region,
    environmentSuffix: cfg.environmentSuffix,
    serviceArn: api.serviceArn,
    serviceName: api.serviceName,
    clusterName: api.clusterName,
    clusterArn: api.clusterArn,
    taskDefinitionArn: api.taskDefinitionArn,
    ecrRepositoryUrl: repository.url,
    logGroupName: api.logGroupName,
    taskRoleArn: api.taskRoleArn,
    ...(discovery === undefined
      ? {}
      : {
          serviceDiscoveryNamespaceId: discovery.namespaceId,
          serviceDiscoveryNamespaceName: discovery.namespaceName,
          serviceDiscoveryName: discovery.dnsName,
          serviceDiscoveryServiceArn: discovery.serviceArn,
        }),
    ...(tracing === undefined ? {} : { xraySamplingRuleName: tracing.samplingRuleName }),
  } satisfies Exported<ComputeOutputs>;
};
