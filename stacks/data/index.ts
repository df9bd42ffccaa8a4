import { DataOutputs, Exported, loadPlatformConfig, readNetwork } from "../../shared";

/** The data layer: the order database and its secrets. Its return value is the stack outputs. */
export = async () => {
  const cfg = loadPlatformConfig();
  const network = readNetwork(cfg);

  return {
    system: network.system,
    region: network.region,
    environmentSuffix: cfg.environmentSuffix,
    engine: cfg.data.engine,
    port: cfg.data.port,
  } satisfies Exported<DataOutputs>;
};
