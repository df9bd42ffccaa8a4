import { EdgeOutputs, Exported, httpsEnabled, loadPlatformConfig, readData, readNetwork } from "../../shared";

/** The edge layer: load balancer, WAF, dashboard and alarms. Its return value is the stack outputs. */
export = async () => {
  const cfg = loadPlatformConfig();
  const network = readNetwork(cfg);
  const data = readData(cfg);

  return {
    system: network.system,
    region: data.region,
    environmentSuffix: cfg.environmentSuffix,
    httpsEnabled: httpsEnabled(cfg),
    listenerPorts: network.loadBalancerPorts,
  } satisfies Exported<EdgeOutputs>;
};
