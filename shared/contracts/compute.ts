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
  /** With service discovery: the Cloud Map private DNS namespace's id and DNS name. */
  readonly serviceDiscoveryNamespaceId?: string;
  readonly serviceDiscoveryNamespaceName?: string;
  /** With service discovery: the name clients in the VPC resolve, `api.<namespace>` (one A record per healthy task). */
  readonly serviceDiscoveryName?: string;
  /** With service discovery: the Cloud Map service the ECS service registers its tasks in. */
  readonly serviceDiscoveryServiceArn?: string;
  /** With X-Ray tracing: the sampling rule of the API. */
  readonly xraySamplingRuleName?: string;
}
