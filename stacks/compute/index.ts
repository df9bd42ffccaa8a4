import * as pulumi from "@pulumi/pulumi";
import { ComputeOutputs, Exported, loadPlatformConfig, nameOf, readData, readEdge, readNetwork } from "../../shared";

/** The compute layer: the ECS service, its image repository and autoscaling. Its return value is the stack outputs. */
export = async () => {
  const cfg = loadPlatformConfig();
  const network = readNetwork(cfg);
  const data = readData(cfg);
  const edge = readEdge(cfg);

  return {
    system: network.system,
    region: pulumi.all([data.region, edge.region]).apply(([region]) => region),
    environmentSuffix: cfg.environmentSuffix,
    clusterName: nameOf(cfg, "ecsCluster"),
    serviceName: nameOf(cfg, "ecsService"),
  } satisfies Exported<ComputeOutputs>;
};
