import { Layer } from "../layers";
import { Contract, StackIdentity } from "./contract";
import { dataContract } from "./data";
import { edgeContract } from "./edge";
import { networkContract } from "./network";

export * from "./compute";
export * from "./contract";
export * from "./data";
export * from "./edge";
export * from "./network";

/** The contract of every layer that others read, by layer. */
export const CONTRACTS: Readonly<Record<Exclude<Layer, "compute">, Contract<StackIdentity>>> = {
  network: networkContract as unknown as Contract<StackIdentity>,
  data: dataContract as unknown as Contract<StackIdentity>,
  edge: edgeContract as unknown as Contract<StackIdentity>,
};
