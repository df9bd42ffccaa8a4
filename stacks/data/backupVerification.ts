import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type * as TypeScript from "typescript";
import { BackupCheckMetrics, BackupVerificationConfig, PolicyDocument, policyDocument, serviceTrust } from "../../shared";
import type { CheckSettings } from "./backupCheck/handler";

/** The check's source: one TypeScript file that imports only the AWS SDK v3 and Node.js built-ins. */
export const HANDLER_SOURCE = path.join(__dirname, "backupCheck", "handler.ts");

/**
 * The newest Node.js runtime Lambda offers (since November 2025; deprecation
 * scheduled for 2028). It includes the AWS SDK for JavaScript v3, so the
 * function ships its one file and no dependencies.
 */
export const BACKUP_CHECK_RUNTIME = "nodejs24.x";

/** Two API calls and a log line: the smallest memory size is plenty (the SDK's clients load in well under it). */
export const BACKUP_CHECK_MEMORY_MB = 128;

/**
 * Seconds before Lambda stops a run: a cold start with the SDK at 128 MB takes
 * a few seconds, and the SDK retries a throttled call with backoff; a minute
 * covers both many times over while still ending a hung run quickly.
 */
export const BACKUP_CHECK_TIMEOUT_SECONDS = 60;

/** EventBridge delivery retries: an hour is enough to ride out throttling; a later check is better reported as not run. */
export const BACKUP_CHECK_RETRY = { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 } as const;

/**
 * The handler as the JavaScript Lambda runs: the TypeScript source transpiled
 * to CommonJS at plan time (no bundler, no platform-specific binaries).
 */
export function backupCheckCode(source = fs.readFileSync(HANDLER_SOURCE, "utf8")): string {
  // Loaded here, not with the module: only stacks with the backup check pay its 0.4 s.
  const ts = require("typescript") as typeof TypeScript;
  return ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, removeComments: true },
    fileName: "index.ts",
  }).outputText;
}

/** The function's code: `index.js`, whose `handler` export is the entry point `index.handler`. */
export function backupCheckArchive(code = backupCheckCode()): pulumi.asset.AssetArchive {
  return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(code) });
}

/**
 * The environment variable of each setting the handler reads (its `ENVIRONMENT`,
 * repeated here so the program does not load the AWS SDK; a test keeps the two equal).
 */
export const BACKUP_CHECK_ENVIRONMENT: Readonly<Record<keyof CheckSettings, string>> = {
  clusterIdentifier: "CLUSTER_IDENTIFIER",
  namespace: "METRIC_NAMESPACE",
  passedMetric: "PASSED_METRIC",
  ageMetric: "AGE_METRIC",
  dimension: "METRIC_DIMENSION",
  maxAgeHours: "MAX_AGE_HOURS",
};

/** The function's environment: where to look, how old is too old, where to report. */
export function backupCheckEnvironment(
  clusterIdentifier: string,
  metrics: BackupCheckMetrics,
  check: BackupVerificationConfig,
): Record<string, string> {
  const settings: Record<keyof CheckSettings, string> = {
    clusterIdentifier,
    namespace: metrics.namespace,
    passedMetric: metrics.passed,
    ageMetric: metrics.snapshotAgeHours,
    dimension: metrics.dimension,
    maxAgeHours: String(check.maxAgeHours),
  };
  return Object.fromEntries(Object.entries(settings).map(([key, value]) => [BACKUP_CHECK_ENVIRONMENT[key as keyof CheckSettings], value]));
}

/** What the check's role may do: the ARNs and names it is built from, resolved. */
export interface BackupCheckPolicyArgs {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly clusterIdentifier: string;
  readonly clusterArn: string;
  readonly logGroupArn: string;
  readonly namespace: string;
}

/** Trust: the Lambda service, for functions of this account only. */
export function backupCheckTrust(accountId: string): PolicyDocument {
  return serviceTrust("LambdaOfThisAccount", "lambda.amazonaws.com", accountId);
}

/**
 * The check's permissions, and nothing else:
 * - `rds:DescribeDBClusterSnapshots` on the cluster and its automated
 *   snapshots (`rds:<cluster id>-<date>`), the two resource types the action
 *   authorizes against (Service Authorization Reference, Amazon RDS);
 * - `rds:DescribeDBClusters` on the cluster, to read its create time (no
 *   backup is due before the cluster is `maxAgeHours` old);
 * - `cloudwatch:PutMetricData`, which has no resource-level permissions, so
 *   `*` limited to the check's own namespace;
 * - writing its own log group's streams.
 */
export function backupCheckPolicy(a: BackupCheckPolicyArgs): PolicyDocument {
  return policyDocument([
    {
      Sid: "ListAutomatedSnapshots",
      Effect: "Allow",
      Action: ["rds:DescribeDBClusterSnapshots"],
      Resource: [a.clusterArn, `arn:${a.partition}:rds:${a.region}:${a.accountId}:cluster-snapshot:rds:${a.clusterIdentifier}-*`],
    },
    {
      Sid: "ReadClusterCreateTime",
      Effect: "Allow",
      Action: ["rds:DescribeDBClusters"],
      Resource: a.clusterArn,
    },
    {
      Sid: "PublishCheckMetrics",
      Effect: "Allow",
      Action: ["cloudwatch:PutMetricData"],
      Resource: "*",
      Condition: { StringEquals: { "cloudwatch:namespace": a.namespace } },
    },
    {
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${a.logGroupArn}:log-stream:*`,
    },
  ]);
}

/**
 * The event of the run at deploy. The handler reads nothing from it (its
 * settings are its environment); it says in the function's logs why it ran.
 */
export const DEPLOY_RUN_EVENT = {
  source: "platform.deploy",
  reason: "first data point of the backup check before its daily schedule",
} as const;

/**
 * What re-runs the check at deploy when it changes: the code and the
 * environment the function runs with (a new cluster, maximum age or metric),
 * its variables sorted so that only a changed value counts.
 */
export function deployRunTriggers(code: string, environment: Readonly<Record<string, string>>): Record<string, string> {
  const sorted = Object.fromEntries(Object.entries(environment).sort(([a], [b]) => a.localeCompare(b)));
  return { codeSha256: createHash("sha256").update(code).digest("hex"), environment: JSON.stringify(sorted) };
}

/** The physical names of the check's resources. */
export interface BackupVerificationNames {
  readonly logGroup: string;
  readonly role: string;
  readonly function: string;
  readonly schedule: string;
}

export interface BackupVerificationArgs {
  /** The check's settings: the maximum age of the newest snapshot and the schedule. */
  readonly check: BackupVerificationConfig;
  readonly names: BackupVerificationNames;
  /** Days the function's log group keeps its runs. */
  readonly logRetentionDays: number;
  /** The region the check's policy is scoped to. */
  readonly region: string;
  /** The namespace and name of the check's metric (see `backupCheckMetric`). */
  readonly metrics: BackupCheckMetrics;
  /** The cluster's backup window, as the schedule's description names it. */
  readonly backupWindow: string;
  readonly clusterIdentifier: pulumi.Input<string>;
  readonly clusterArn: pulumi.Input<string>;
}

/**
 * The daily backup check:
 * - a Lambda function (Node.js, arm64) running `backupCheck/handler.ts`, with its own log group created first, kept `dbLogRetentionDays`
 * - a role only Lambda (of this account) can assume, with an inline policy of exactly the three things the check does
 * - an EventBridge rule on the schedule derived from the backup window, targeting the function with a bounded retry policy
 * - a permission letting only that rule invoke the function
 * - one run at deploy (`aws.lambda.Invocation`), again whenever the code or environment changes: the alarm's metric
 *   has a data point from the start instead of none (breaching) until the first daily run; the run fails the deploy
 *   when the check throws
 */
export class BackupVerification extends pulumi.ComponentResource {
  public readonly functionName: pulumi.Output<string>;

  constructor(name: string, args: BackupVerificationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:BackupVerification", name, {}, opts);
    const { check, names, metrics } = args;

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-backup-check`,
      { name: names.logGroup, retentionInDays: args.logRetentionDays },
      { parent: this },
    );
    const account = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });
    const role = new aws.iam.Role(
      `${name}-backup-check`,
      {
        name: names.role,
        description:
          "The backup check function: list the cluster's automated snapshots, read its create time, publish the result, write its logs",
        assumeRolePolicy: account.accountId.apply((accountId) => JSON.stringify(backupCheckTrust(accountId))),
      },
      { parent: this },
    );
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-backup-check`,
      {
        role: role.name,
        policy: pulumi
          .all([partition.partition, account.accountId, args.clusterIdentifier, args.clusterArn, logGroup.arn])
          .apply(([part, accountId, clusterIdentifier, clusterArn, logGroupArn]) =>
            JSON.stringify(
              backupCheckPolicy({
                partition: part,
                region: args.region,
                accountId,
                clusterIdentifier,
                clusterArn,
                logGroupArn,
                namespace: metrics.namespace,
              }),
            ),
          ),
      },
      { parent: this },
    );

    const code = backupCheckCode();
    const environment = pulumi.output(args.clusterIdentifier).apply((id) => backupCheckEnvironment(id, metrics, check));
    const fn = new aws.lambda.Function(
      `${name}-backup-check`,
      {
        name: names.function,
        description: `Daily: fails when the newest automated snapshot of the cluster is older than ${check.maxAgeHours} h`,
        role: role.arn,
        runtime: BACKUP_CHECK_RUNTIME,
        architectures: ["arm64"],
        handler: "index.handler",
        code: backupCheckArchive(code),
        memorySize: BACKUP_CHECK_MEMORY_MB,
        timeout: BACKUP_CHECK_TIMEOUT_SECONDS,
        environment: { variables: environment },
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "INFO" },
      },
      // The log group exists (with its retention) before Lambda could create it without one; the policy before the first run.
      { parent: this, dependsOn: [logGroup, rolePolicy] },
    );

    const rule = new aws.cloudwatch.EventRule(
      `${name}-backup-check`,
      {
        name: names.schedule,
        description: `Runs the backup check daily, an hour after the backup window (${args.backupWindow} UTC) ends`,
        scheduleExpression: check.schedule,
      },
      { parent: this },
    );
    const permission = new aws.lambda.Permission(
      `${name}-backup-check`,
      { action: "lambda:InvokeFunction", function: fn.name, principal: "events.amazonaws.com", sourceArn: rule.arn },
      { parent: this },
    );
    new aws.cloudwatch.EventTarget(
      `${name}-backup-check`,
      { rule: rule.name, arn: fn.arn, retryPolicy: { ...BACKUP_CHECK_RETRY } },
      { parent: this, dependsOn: [permission] },
    );

    // Synchronous (RequestResponse), after the function and its policy exist (the function depends on the policy).
    new aws.lambda.Invocation(
      `${name}-backup-check`,
      {
        functionName: fn.name,
        input: JSON.stringify(DEPLOY_RUN_EVENT),
        triggers: environment.apply((variables) => deployRunTriggers(code, variables)),
      },
      { parent: this },
    );

    this.functionName = fn.name;
    this.registerOutputs({ functionName: this.functionName });
  }
}
