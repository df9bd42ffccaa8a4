import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * What the key says it protects, so no one schedules its deletion thinking
 * only the database depends on it: with a cache, the cache's storage and
 * snapshots and its connection secret are encrypted with it too.
 */
export function dataKeyDescription(stack: {
  readonly system: string;
  readonly environmentSuffix: string;
  readonly cache: boolean;
}): string {
  const uses = stack.cache
    ? "Aurora storage, Performance Insights, database secrets, and the cache with its connection secret"
    : "Aurora storage, Performance Insights and database secrets";
  return `${stack.system} ${stack.environmentSuffix}: ${uses}`;
}

/** The shortest wait KMS allows before it deletes a key scheduled for deletion. */
export const MIN_KEY_DELETION_DAYS = 7;

export interface DataKeyArgs {
  /** The key's alias, with its `alias/` prefix. */
  readonly aliasName: string;
  /** The key's description: what it protects (see {@link dataKeyDescription}). */
  readonly description: string;
  /**
   * Days KMS waits before deleting the key once it is scheduled for deletion
   * (on destroy), 7 to 30.
   * @default 7 (the minimum: a development stack destroys without a month of waiting)
   */
  readonly deletionWindowInDays?: number;
}

/**
 * A customer-managed KMS key for the data layer's stores and secrets,
 * rotated yearly by KMS, under the default key policy (the account's IAM
 * policies decide who may use it), and its alias.
 */
export class DataKey extends pulumi.ComponentResource {
  public readonly arn: pulumi.Output<string>;

  constructor(name: string, args: DataKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:DataKey", name, {}, opts);
    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: args.description,
        keyUsage: "ENCRYPT_DECRYPT",
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        deletionWindowInDays: args.deletionWindowInDays ?? MIN_KEY_DELETION_DAYS,
      },
      { parent: this },
    );
    new aws.kms.Alias(`${name}-key`, { name: args.aliasName, targetKeyId: key.keyId }, { parent: this });

    this.arn = key.arn;
    this.registerOutputs({ arn: this.arn });
  }
}
