import * as pulumi from "@pulumi/pulumi";
import { ComputeOutputs, Exported, loadPlatformConfig, nameOf, readData, readEdge, readNetwork } from "../../shared";

/**
 * The compute layer: the ECS service, its image repository and autoscaling. Its return value is the stack outputs.
 * MINIMAL PLACEHOLDER (issue 5 replaces it): exports the contract with stand-in values.
 */
export = async () => {
  const cfg = loadPlatformConfig();
  const network = readNetwork(cfg);
  const data = readData(cfg);
  const edge = readEdge(cfg);
  const ecs = (resource: string) => `arn:aws:ecs:${cfg.region}:123456789012:${resource}`;
  const cluster = nameOf(cfg, "ecsCluster");
  const service = nameOf(cfg, "ecsService");

  return {
    system: network.system,
    region: pulumi.all([data.region, edge.region]).apply(([region]) => region),
    environmentSuffix: cfg.environmentSuffix,
    serviceArn: ecs(`service/${cluster}/${service}`),
    serviceName: service,
    clusterName: cluster,
    clusterArn: ecs(`cluster/${cluster}`),
    taskDefinitionArn: ecs(`task-definition/${service}:1`),
    ecrRepositoryUrl: `123456789012.dkr.ecr.${cfg.region}.amazonaws.com/${cfg.system}-api-${cfg.environmentSuffix}`,
    logGroupName: `${cfg.system}-api-logs-${cfg.environmentSuffix}`,
    taskRoleArn: `arn:aws:iam::123456789012:role/${cfg.system}-task-${cfg.environmentSuffix}`,
  } satisfies Exported<ComputeOutputs>;
};
