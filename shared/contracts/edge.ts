import { PlatformConfig } from "../config";
import { Contract, defineContract, Imported, readUpstream, StackIdentity } from "./contract";

/** What the edge layer exports for the compute layer. */
export interface EdgeOutputs extends StackIdentity {
  readonly httpsEnabled: boolean;
  readonly listenerPorts: number[];
}

export const edgeContract: Contract<EdgeOutputs> = defineContract<EdgeOutputs>("edge", {
  system: "required",
  region: "required",
  environmentSuffix: "required",
  httpsEnabled: "required",
  listenerPorts: "required",
});

/** The edge layer's outputs, for the compute layer. */
export function readEdge(cfg: PlatformConfig): Imported<EdgeOutputs> {
  return readUpstream(cfg, edgeContract);
}
