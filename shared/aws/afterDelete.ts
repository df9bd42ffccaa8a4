import { Fact, fact } from "./fact";

/**
 * Days, as the table below counts them: a number (0 = at once, `Infinity` =
 * until someone deletes what AWS kept), or the days an input of the resource
 * sets, with AWS's default when the input is absent.
 */
export type AfterDeleteDays = number | { readonly input: string; readonly default: number };

/** What AWS does with one kind of name (or with the resource) once the resource is deleted. */
export interface AfterDelete {
  /** The Pulumi type token. */
  readonly type: string;
  /** The input that holds the name or identifier; absent where AWS generates the identifier (a KMS key's id). */
  readonly nameInput?: string;
  /**
   * How long the name stays taken after the delete: 0 when it is free at once
   * (not reserved), `Infinity` while what AWS kept under that name exists.
   */
  readonly reservedDays: AfterDeleteDays;
  /** What outlives the delete, if anything, and for how long. */
  readonly kept?: { readonly what: string; readonly days: AfterDeleteDays };
}

/** The days a {@link AfterDeleteDays} comes to for a resource with these inputs. */
export function daysOf(days: AfterDeleteDays, inputs: Readonly<Record<string, unknown>>): number {
  if (typeof days === "number") return days;
  const value = inputs[days.input];
  return typeof value === "number" ? value : days.default;
}

/**
 * The rules of the final snapshot identifiers the data layer names, by
 * service. RDS (DeleteDBCluster, `FinalDBSnapshotIdentifier`): 1 to 255
 * letters, digits or hyphens, the first a letter, no two consecutive hyphens,
 * not ending with a hyphen; RDS stores it in lowercase. ElastiCache
 * (DeleteReplicationGroup, `FinalSnapshotIdentifier`) documents no rule for a
 * node-based cluster's snapshot name; the platform keeps it to the RDS rule
 * and to 255 characters, the length ElastiCache documents for a serverless
 * cache's snapshot name.
 */
export const FINAL_SNAPSHOT_ID_RULES = fact({
  value: {
    rds: { max: 255, pattern: /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/ },
    elasticache: { max: 255, pattern: /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/ },
  } as const,
  source:
    "https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-delete-db-cluster-request/final-db-snapshot-identifier.html",
  read: "2026-12-03",
  note: "the RDS API model's FinalDBSnapshotIdentifier text (RDS API Reference, https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBCluster.html); lowercase only, as RDS lowercases it. ElastiCache: https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteReplicationGroup.html gives no rule; the 255 characters are those of ServerlessCacheSnapshotName (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateServerlessCacheSnapshot.html)",
});

export type SnapshotService = keyof typeof FINAL_SNAPSHOT_ID_RULES.value;

const row = (value: AfterDelete, source: string, note?: string): Fact<AfterDelete> =>
  fact({ value, source, read: "2026-12-03", ...(note === undefined ? {} : { note }) });

/**
 * What AWS keeps after a delete, for every kind of name the platform gives a
 * resource whose name could collide with the next deploy of the same stack
 * (and the KMS key, which outlives a destroy without a name). One fact per
 * row: each with the AWS page that says so. A destroy then a deploy of the
 * same stack works when no name with `reservedDays` above 0 is requested
 * again (test/stacks/lifecycle.test.ts).
 */
export const AFTER_DELETE: readonly Fact<AfterDelete>[] = [
  row(
    {
      type: "aws:secretsmanager/secret:Secret",
      nameInput: "name",
      reservedDays: { input: "recoveryWindowInDays", default: 30 },
      kept: { what: "the secret, scheduled for deletion and restorable", days: { input: "recoveryWindowInDays", default: 30 } },
    },
    "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html",
    "recovery window 7 to 30 days, 30 by default; the platform sets recoveryWindowInDays 0 on its secrets (application secret, cache connection secret), which deletes without recovery (ForceDeleteWithoutRecovery): AWS finishes that in the background, so a create of the same name right after may need a retry. The RDS-managed master secret (rds!cluster-<uuid>) gets a new name with each cluster",
  ),
  row(
    {
      type: "aws:kms/key:Key",
      reservedDays: 0,
      kept: { what: "the key, pending deletion (cancelable)", days: { input: "deletionWindowInDays", default: 30 } },
    },
    "https://docs.aws.amazon.com/kms/latest/cryptographic-details/key-deletion.html",
    "no name: AWS generates the key id, so a new key never collides; the old one waits 7 to 30 days (30 by default; the platform sets 30 with deletion protection, 7 without) and is needed to restore a snapshot encrypted with it",
  ),
  row(
    { type: "aws:kms/alias:Alias", nameInput: "name", reservedDays: 0 },
    "https://docs.aws.amazon.com/kms/latest/developerguide/alias-delete.html",
    "a deleted alias's name can be created again at once, for the same or another key",
  ),
  row(
    { type: "aws:s3/bucket:Bucket", nameInput: "bucket", reservedDays: 3 },
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/delete-bucket.html",
    "S3 queues a deleted bucket for deletion and the name becomes free once that has propagated; the user guide gives no figure. The 3 days are the upper bound of AWS's Knowledge Center (https://repost.aws/knowledge-center/s3-conflicting-conditional-operation: often a few hours, up to 48-72 hours; the error is 'A conflicting conditional operation is currently in progress'). Once free, any account can take it",
  ),
  row(
    { type: "aws:cloudwatch/logGroup:LogGroup", nameInput: "name", reservedDays: 0 },
    "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteLogGroup.html",
    "the page says the group and its events are deleted and nothing of a reservation. A service still writing to the name (RDS log export, Lambda) recreates a group without retention: the platform's writers depend on their groups, so a destroy deletes the writer first",
  ),
  row(
    { type: "aws:iam/role:Role", nameInput: "name", reservedDays: 0 },
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids",
    "a role created again under the same name is a new principal with a new unique ID: policies that named the old role's ARN (stored as its unique ID) do not apply to it; the platform recreates its policies with the role",
  ),
  row(
    { type: "aws:iam/rolePolicy:RolePolicy", nameInput: "name", reservedDays: 0 },
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-friendly-names",
    "inline policies are part of their role and go with it; the platform's inline policies take Pulumi's generated names",
  ),
  row(
    { type: "aws:ecr/repository:Repository", nameInput: "name", reservedDays: 0 },
    "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DeleteRepository.html",
    "the page says nothing of a reservation; a repository that holds images is deleted only with force (forceDelete, off with deletion protection)",
  ),
  row(
    { type: "aws:wafv2/webAcl:WebAcl", nameInput: "name", reservedDays: 0 },
    "https://docs.aws.amazon.com/waf/latest/APIReference/API_DeleteWebACL.html",
    "no AWS page the search reached says whether a deleted web ACL's name is reserved; this one says nothing of it, so it is taken as free at once",
  ),
  row(
    { type: "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", nameInput: "name", reservedDays: 0 },
    "https://docs.aws.amazon.com/cloud-map/latest/dg/deleting-namespaces.html",
    "Cloud Map deletes the namespace's Route 53 hosted zone with it; the deletion is an asynchronous operation and no page says the name stays reserved",
  ),
  row(
    { type: "aws:servicediscovery/service:Service", nameInput: "name", reservedDays: 0 },
    "https://docs.aws.amazon.com/cloud-map/latest/dg/deleting-namespaces.html",
    "a service's name is scoped to its namespace, which a destroy deletes after it (a namespace with services cannot be deleted)",
  ),
  row(
    { type: "aws:rds/cluster:Cluster", nameInput: "clusterIdentifier", reservedDays: 0 },
    "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBCluster.html",
    "free once the deletion has finished, which the provider waits for; the page says nothing of a reservation",
  ),
  row(
    {
      type: "aws:rds/cluster:Cluster",
      nameInput: "finalSnapshotIdentifier",
      reservedDays: Infinity,
      kept: { what: "the final DB cluster snapshot, until someone deletes it", days: Infinity },
    },
    "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBCluster.html",
    "a deletion that names an existing snapshot fails with DBClusterSnapshotAlreadyExistsFault ('The user already has a DB cluster snapshot with the given identifier') and the cluster stays",
  ),
  row(
    { type: "aws:elasticache/replicationGroup:ReplicationGroup", nameInput: "replicationGroupId", reservedDays: 0 },
    "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteReplicationGroup.html",
    "free once the deletion has finished, which the provider waits for; its automatic backups go with it",
  ),
  row(
    {
      type: "aws:elasticache/replicationGroup:ReplicationGroup",
      nameInput: "finalSnapshotIdentifier",
      reservedDays: Infinity,
      kept: { what: "the final snapshot (a manual backup), until someone deletes it", days: Infinity },
    },
    "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteReplicationGroup.html",
    "manual backups are kept after their cluster is deleted (https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/backups-manual.html); a name that exists fails with SnapshotAlreadyExistsFault (https://docs.aws.amazon.com/botocore/latest/reference/services/elasticache/client/exceptions/SnapshotAlreadyExistsFault.html)",
  ),
  row(
    { type: "aws:lb/loadBalancer:LoadBalancer", nameInput: "name", reservedDays: 0 },
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html",
    "the name must be unique per region per account among existing load balancers; no page says a deleted one's name stays reserved",
  ),
  row(
    { type: "aws:lb/targetGroup:TargetGroup", nameInput: "name", reservedDays: 0 },
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html",
    "as for load balancers: unique per region per account among existing target groups",
  ),
  row(
    { type: "aws:sns/topic:Topic", nameInput: "name", reservedDays: 0 },
    "https://docs.aws.amazon.com/sns/latest/api/API_DeleteTopic.html",
    "a tagged topic created again under the ARN of a deleted one can fail for a short while with StaleTag ('wait a short while and then retry')",
  ),
  row(
    { type: "aws:ecs/service:Service", nameInput: "name", reservedDays: 0 },
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteService.html",
    "a service of the same name cannot be created while the old one is ACTIVE or DRAINING; it is INACTIVE once its tasks have stopped, before its cluster can be deleted",
  ),
  row(
    {
      type: "aws:ecs/taskDefinition:TaskDefinition",
      nameInput: "family",
      reservedDays: 0,
      kept: { what: "the deregistered (INACTIVE) revisions", days: Infinity },
    },
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deregister-task-definition-v2.html",
    "a family is reused: registering it again adds the next revision and moves the family back to ACTIVE",
  ),
];
