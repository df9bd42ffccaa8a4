import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { nameOf, PlatformConfig } from "../../shared";

/**
 * What the key says it protects, so no one schedules its deletion thinking
 * only the database depends on it: with a cache, the cache's storage and
 * snapshots and its connection secret are encrypted with it too.
 */
export function dataKeyDescription(cfg: PlatformConfig): string {
  const uses = cfg.cache ? "Aurora storage, Performance Insights, database secrets, and the cache with its connection secret" : "Aurora storage, Performance Insights and database secrets";
  return `${cfg.system} ${cfg.environmentSuffix}: ${uses}`;
}

export interface DataKeyArgs {
  readonly cfg: PlatformConfig;
}

/**
 * The customer-managed KMS key of the data layer (when `dbCustomerManagedKey`
 * is on): cluster storage, Performance Insights, the master user secret and
 * the application secret, and the cache and its connection secret when the
 * system has one. Rotated yearly by KMS. Its policy is the default
 * key policy (the account's IAM policies decide who may use it). On destroy
 * the key is scheduled for deletion: after 30 days with deletion protection,
 * else after the minimum of 7.
 */
export class DataKey extends pulumi.ComponentResource {
  public readonly arn: pulumi.Output<string>;

  constructor(name: string, args: DataKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:DataKey", name, {}, opts);
    const { cfg } = args;
    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: dataKeyDescription(cfg),
        keyUsage: "ENCRYPT_DECRYPT",
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        deletionWindowInDays: cfg.deletionProtection ? 30 : 7,
      },
      { parent: this },
    );
    new aws.kms.Alias(`${name}-key`, { name: nameOf(cfg, "dbKmsAlias"), targetKeyId: key.keyId }, { parent: this });

    this.arn = key.arn;
    this.registerOutputs({ arn: this.arn });
  }
}
