import { awsProvider, ComputeOutputs, Exported, loadPlatformConfig, readData, readEdge, readNetwork } from "../../shared";
import { ImageRepository } from "./repository";
import { ServiceScaling } from "./scaling";
import { ApiService } from "./service";

/** The compute layer: the order API on ECS Fargate, its image repository and autoscaling. Its return value is the stack outputs. */
export = async () => {
  const cfg = loadPlatformConfig();
  const provider = awsProvider(cfg, "compute");
  const network = readNetwork(cfg);
  const data = readData(cfg);
  const edge = readEdge(cfg);

  const repository = new ImageRepository("api", { cfg }, { provider });
  const api = new ApiService("api", { cfg, network, data, edge, repositoryArn: repository.arn, repositoryUrl: repository.url }, { provider });
  new ServiceScaling("api", { cfg, clusterName: api.clusterName, serviceName: api.serviceName }, { provider });

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
  } satisfies Exported<ComputeOutputs>;
};
