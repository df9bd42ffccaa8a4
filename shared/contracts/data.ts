import { PlatformConfig } from "../config";
import { Contract, defineContract, Imported, readUpstream, StackIdentity } from "./contract";

/** What the data layer exports for the edge and compute layers. */
export interface DataOutputs extends StackIdentity {
  readonly engine: string;
  readonly port: number;
}

export const dataContract: Contract<DataOutputs> = defineContract<DataOutputs>("data", {
  system: "required",
  region: "required",
  environmentSuffix: "required",
  engine: "required",
  port: "required",
});

/** The data layer's outputs, for the edge and compute layers. */
export function readData(cfg: PlatformConfig): Imported<DataOutputs> {
  return readUpstream(cfg, dataContract);
}
