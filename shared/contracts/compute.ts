import { StackIdentity } from "./contract";

/** What the compute layer exports. Nothing reads it through a stack reference: it is the leaf. */
export interface ComputeOutputs extends StackIdentity {
  readonly serviceArn: string;
  readonly serviceName: string;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly taskDefinitionArn: string;
  readonly ecrRepositoryUrl: string;
  readonly logGroupName: string;
  readonly taskRoleArn: string;
}
