import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { FINAL_SNAPSHOT_ID_RULES, SnapshotService } from "../../shared";

/** Random bytes of a final snapshot's suffix: 8 hex digits. */
export const FINAL_SNAPSHOT_SUFFIX_BYTES = 4;

/**
 * The identifier of a final snapshot: `<prefix>-<hex>`, checked against the
 * service's rule (`FINAL_SNAPSHOT_ID_RULES`: RDS's `FinalDBSnapshotIdentifier`,
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBCluster.html,
 * 1 to 255 letters, digits or hyphens, first a letter, no `--`, no trailing
 * hyphen; ElastiCache's `FinalSnapshotIdentifier`,
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteReplicationGroup.html,
 * which documents no rule, kept to the same one). Throws when it breaks it.
 */
export function finalSnapshotIdentifier(prefix: string, hex: string, service: SnapshotService): string {
  const rule = FINAL_SNAPSHOT_ID_RULES.value[service];
  const id = `${prefix}-${hex}`;
  if (id.length > rule.max || !rule.pattern.test(id)) {
    throw new Error(
      `final snapshot identifier "${id}" is invalid for ${service}: expected at most ${rule.max} lowercase letters, digits and hyphens, starting with a letter, no '--', no trailing hyphen`,
    );
  }
  return id;
}

export interface FinalSnapshotArgs {
  /** The readable part of the identifier, e.g. `orders-aurora-final-prod`. */
  readonly prefix: string;
  /** The identifier of what the snapshot is taken of: a new one (a replacement under a new name) draws a new suffix. */
  readonly owner: string;
  readonly service: SnapshotService;
}

/**
 * The final snapshot identifier of one lifetime of a cluster: `<prefix>-<8
 * hex>`, the hex from a `random.RandomId` created with the cluster. A destroy
 * deletes the RandomId with the cluster and a later deploy creates a new one,
 * so each destroy's final snapshot gets its own identifier: AWS keeps final
 * snapshots until someone deletes them and refuses a deletion whose final
 * snapshot identifier exists (`AFTER_DELETE` in shared/aws/afterDelete.ts).
 * While the stack lives the suffix stays the same (it is in state), so an
 * update leaves the identifier alone. The prefix is checked at once, before
 * anything is registered.
 */
export function lifetimeFinalSnapshot(name: string, args: FinalSnapshotArgs, parent: pulumi.Resource): pulumi.Output<string> {
  finalSnapshotIdentifier(args.prefix, "0".repeat(2 * FINAL_SNAPSHOT_SUFFIX_BYTES), args.service);
  const suffix = new random.RandomId(name, { byteLength: FINAL_SNAPSHOT_SUFFIX_BYTES, keepers: { owner: args.owner } }, { parent });
  return suffix.hex.apply((hex) => finalSnapshotIdentifier(args.prefix, hex, args.service));
}
