import { DataOutputs, Exported, loadPlatformConfig, readNetwork } from "../../shared";

/**
 * The data layer: the order database and its secrets. Its return value is the stack outputs.
 * MINIMAL PLACEHOLDER (issue 3 replaces it): exports the contract with stand-in values.
 */
export = async () => {
  const cfg = loadPlatformConfig();
  const network = readNetwork(cfg);
  const id = `${cfg.system}-aurora-${cfg.environmentSuffix}`;
  const arn = (service: string, resource: string) => `arn:aws:${service}:${cfg.region}:123456789012:${resource}`;

  return {
    system: network.system,
    region: network.region,
    environmentSuffix: cfg.environmentSuffix,
    engine: cfg.data.engine,
    engineVersion: "8.0.mysql_aurora.3.08.2",
    writerEndpoint: `${id}.cluster-placeholder.${cfg.region}.rds.amazonaws.com`,
    readerEndpoint: `${id}.cluster-ro-placeholder.${cfg.region}.rds.amazonaws.com`,
    port: cfg.data.port,
    databaseName: "orders",
    clusterIdentifier: id,
    clusterArn: arn("rds", `cluster:${id}`),
    masterSecretArn: arn("secretsmanager", `secret:rds!cluster-placeholder-AbCdEf`),
    appSecretArn: arn("secretsmanager", `secret:${cfg.system}-app-${cfg.environmentSuffix}-AbCdEf`),
    maxConnections: 1000,
  } satisfies Exported<DataOutputs>;
};
