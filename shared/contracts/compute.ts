import { StackIdentity } from "./contract";

/** What the compute layer exports. Nothing reads it through a stack reference: it is the leaf. */
export interface ComputeOutputs extends StackIdentity {
  readonly clusterName: string;
  readonly serviceName: string;
}
