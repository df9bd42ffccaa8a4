import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { LogDeliveryPrincipal, PolicyDocument, policyDocument } from "../../shared";

/** The key prefix the load balancer writes its access logs under. */
export const ACCESS_LOG_PREFIX = "alb";

/**
 * The access log bucket's policy: Elastic Load Balancing (the regional ELB
 * account, or the log delivery service principal in newer regions) may put
 * objects only under `<prefix>/AWSLogs/<account>/`, and nothing else.
 */
export function accessLogsBucketPolicy(args: {
  readonly bucketArn: string;
  readonly accountId: string;
  readonly partition: string;
  readonly delivery: LogDeliveryPrincipal;
}): PolicyDocument {
  const principal =
    args.delivery.kind === "account"
      ? { AWS: `arn:${args.partition}:iam::${args.delivery.accountId}:root` }
      : { Service: args.delivery.service };
  return policyDocument([
    {
      Sid: "ElbAccessLogDelivery",
      Effect: "Allow",
      Principal: principal,
      Action: "s3:PutObject",
      Resource: `${args.bucketArn}/${ACCESS_LOG_PREFIX}/AWSLogs/${args.accountId}/*`,
    },
  ]);
}

export interface AccessLogsBucketArgs {
  /** The bucket's name from the 8 hex digits drawn for this lifetime of the bucket (names are global, and S3 frees a deleted one only after a while). */
  readonly bucketName: (hex: string) => string;
  /** Days after which the log objects expire. */
  readonly expirationDays: number;
  /** Who writes the logs: the region's ELB account, or the log delivery service in newer regions. */
  readonly delivery: LogDeliveryPrincipal;
  /**
   * Empty the bucket on destroy, so that it can be deleted.
   * @default false (the logs outlive a destroy)
   */
  readonly forceDestroy?: boolean;
}

/**
 * The bucket of the load balancer's access logs: named with 8 hex digits
 * drawn when it is created (bucket names are global, and a destroyed
 * stack's name is not free again at once), SSE-S3 encrypted (ALB log delivery does
 * not support SSE-KMS), ACLs disabled, public access blocked, objects expired
 * after `expirationDays`, emptied on destroy only with `forceDestroy`, and
 * writable only by ELB log delivery.
 */
export class AccessLogsBucket extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  /** The policy ELB needs before the load balancer can turn its access logs on. */
  public readonly ready: pulumi.Resource[];

  constructor(name: string, args: AccessLogsBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:edge:AccessLogsBucket", name, {}, opts);
    const account = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });

    const lifetime = new random.RandomId(`${name}-name`, { byteLength: 4 }, { parent: this });
    const bucket = new aws.s3.Bucket(
      `${name}-bucket`,
      {
        bucket: lifetime.hex.apply(args.bucketName),
        forceDestroy: args.forceDestroy ?? false,
      },
      // A bucket created before its name carried the hex keeps its name: renaming replaces a bucket, and S3 cannot delete one that holds logs.
      { parent: this, ignoreChanges: ["bucket"] },
    );
    const ownership = new aws.s3.BucketOwnershipControls(
      `${name}-ownership`,
      { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
      { parent: this },
    );
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      { parent: this },
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
      { parent: this },
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "expire-access-logs",
            status: "Enabled",
            filter: { prefix: "" },
            expiration: { days: args.expirationDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
          },
        ],
      },
      { parent: this },
    );
    const policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucket.id,
        policy: pulumi
          .all([bucket.arn, account.accountId, partition.partition])
          .apply(([bucketArn, accountId, part]) =>
            JSON.stringify(accessLogsBucketPolicy({ bucketArn, accountId, partition: part, delivery: args.delivery })),
          ),
      },
      { parent: this, dependsOn: [publicAccess, ownership] },
    );

    this.bucketName = bucket.bucket;
    this.ready = [policy];
    this.registerOutputs({ bucketName: this.bucketName });
  }
}
