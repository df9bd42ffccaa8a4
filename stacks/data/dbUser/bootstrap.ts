/*
 * The bootstrap: a Lambda function in the VPC the data layer runs at every
 * deploy whose input changed (`aws.lambda.Invocation`). It makes the
 * application's database user exist before the first task starts:
 * 1. reads the RDS-managed master secret (the only function besides the rotation allowed to);
 * 2. reads the application user's secret; on the first run it has no value yet,
 *    and the function draws a password (Secrets Manager's GetRandomPassword), so
 *    the password is never in Pulumi's state or the deploy's logs;
 * 3. connects as the master user over verified TLS and makes the user match its
 *    declaration (`ensureUser`): created, password, exactly the declared privileges,
 *    for both users of the alternating pair where both exist;
 * 4. stores the secret (engine, endpoint, credentials, master secret ARN) when it
 *    differs from what is stored.
 * Any failure throws one error naming the step, the secret or endpoint, and the
 * cause; nothing is changed before the master session is open, so a failed run
 * leaves the database and the secret as they were, and the deploy fails.
 */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { randomUUID } from "crypto";
import { connector, Endpoint, rdsCertificateAuthorities } from "./connect";
import { SecretStore, secretsManagerStore } from "./secretStore";
import { AppUserSecret, parseAppUserSecret, parseMasterSecret } from "./secretShape";
import { alternateUsername, Connect, Credentials, Engine, ensureUser, SqlSession, UserReport } from "./users";

/** What the bootstrap needs, from the function's environment variables. */
export interface BootstrapSettings {
  readonly secretArn: string;
  readonly masterSecretArn: string;
  readonly engine: Engine;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /** The first user of the alternating pair (the second is `<username>_clone`). */
  readonly username: string;
  readonly schemaChanges: boolean;
}

/** The environment variables the function reads, set by the data layer. */
export const BOOTSTRAP_ENVIRONMENT = {
  secretArn: "APP_USER_SECRET_ARN",
  masterSecretArn: "MASTER_SECRET_ARN",
  engine: "DB_ENGINE",
  host: "DB_HOST",
  port: "DB_PORT",
  database: "DB_NAME",
  username: "APP_USERNAME",
  schemaChanges: "SCHEMA_CHANGES",
} as const satisfies Record<keyof BootstrapSettings, string>;

/** Reads a variable; a missing one is a deployment error. */
export function requiredVariable(env: Readonly<Record<string, string | undefined>>, name: string): string {
  const value = env[name];
  if (value === undefined || value === "") throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** Reads `SCHEMA_CHANGES` (`true` or `false`). */
export function schemaChangesFromEnv(env: Readonly<Record<string, string | undefined>>): boolean {
  const text = requiredVariable(env, BOOTSTRAP_ENVIRONMENT.schemaChanges);
  if (text !== "true" && text !== "false")
    throw new Error(`environment variable ${BOOTSTRAP_ENVIRONMENT.schemaChanges} is "${text}"; expected true or false`);
  return text === "true";
}

/** Reads the settings; a missing or invalid variable throws. */
export function bootstrapSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): BootstrapSettings {
  const text = (key: keyof BootstrapSettings) => requiredVariable(env, BOOTSTRAP_ENVIRONMENT[key]);
  const engine = text("engine");
  if (engine !== "mysql" && engine !== "postgres")
    throw new Error(`environment variable ${BOOTSTRAP_ENVIRONMENT.engine} is "${engine}"; expected mysql or postgres`);
  const port = Number(text("port"));
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`environment variable ${BOOTSTRAP_ENVIRONMENT.port} is "${text("port")}"; expected a port`);
  return {
    secretArn: text("secretArn"),
    masterSecretArn: text("masterSecretArn"),
    engine,
    host: text("host"),
    port,
    database: text("database"),
    username: text("username"),
    schemaChanges: schemaChangesFromEnv(env),
  };
}

/** What one run did. */
export interface BootstrapReport {
  /** The user the secret names now. */
  readonly username: string;
  /** Whether a new secret version was stored (first run, or a new endpoint or user name). */
  readonly secretStored: boolean;
  /** The changes made to each user of the pair that exists. */
  readonly users: readonly UserReport[];
}

/** Wraps a step's failure in one message naming it. */
async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new Error(`bootstrap: ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Opens the master session, or fails naming where and as whom. */
export async function openMasterSession(connect: Connect, endpoint: Endpoint, master: Credentials, who: string): Promise<SqlSession> {
  try {
    return await connect(master);
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${who}: cannot connect to ${endpoint.engine} at ${endpoint.host}:${endpoint.port} (database ${endpoint.database}) as the master user "${master.username}" over TLS: ${cause}`,
      { cause: error },
    );
  }
}

/** The secret the run should leave: the stored credentials kept, where to connect and the master's ARN from the settings. */
export function desiredSecret(
  s: BootstrapSettings,
  stored: AppUserSecret | undefined,
  newPassword: () => Promise<string>,
): Promise<AppUserSecret> {
  const place = { engine: s.engine, host: s.host, port: s.port, dbname: s.database, masterarn: s.masterSecretArn };
  const pair = [s.username, alternateUsername(s.username)];
  if (stored !== undefined && pair.includes(stored.username)) {
    return Promise.resolve({ ...place, username: stored.username, password: stored.password });
  }
  return newPassword().then((password) => ({ ...place, username: s.username, password }));
}

/** The JSON stored, keys in a fixed order (a changed value, not a reordering, makes a new version). */
export function secretJson(secret: AppUserSecret): string {
  const { engine, host, port, dbname, username, password, masterarn } = secret;
  return JSON.stringify({ engine, host, port, dbname, username, password, masterarn });
}

/** One run of the bootstrap; see the file's comment. `connectTo` opens sessions on an endpoint over TLS. */
export async function runBootstrap(
  s: BootstrapSettings,
  store: SecretStore,
  connectTo: (endpoint: Endpoint) => Connect,
): Promise<BootstrapReport> {
  const master = await step(`cannot read the master secret ${s.masterSecretArn}`, async () =>
    parseMasterSecret((await store.getSecretString(s.masterSecretArn)) ?? "", `the master secret ${s.masterSecretArn}`),
  );
  const storedText = await step(`cannot read the application user secret ${s.secretArn}`, () =>
    store.getSecretString(s.secretArn, { versionStage: "AWSCURRENT" }),
  );
  const stored = storedText === undefined ? undefined : parseAppUserSecret(storedText, `the application user secret ${s.secretArn}`);
  const secret = await step("cannot draw a password", () => desiredSecret(s, stored, () => store.randomPassword()));

  const endpoint: Endpoint = { engine: s.engine, host: s.host, port: s.port, database: s.database };
  const connect = connectTo(endpoint);
  const admin = await openMasterSession(connect, endpoint, master, "bootstrap");
  const users: UserReport[] = [];
  try {
    const declaration = { engine: s.engine, database: s.database, schemaChanges: s.schemaChanges };
    users.push(await step(`cannot set up the user "${secret.username}"`, () => ensureUser(admin, connect, { ...declaration, ...secret })));
    const previous = storedText === undefined ? undefined : await store.getSecretString(s.secretArn, { versionStage: "AWSPREVIOUS" });
    const other = previous === undefined ? undefined : parseAppUserSecret(previous, `the previous version of ${s.secretArn}`);
    if (other !== undefined && other.username === alternateUsername(secret.username)) {
      // The other user of the pair keeps its password (the previous version's) and gets the same privileges.
      users.push(await step(`cannot set up the user "${other.username}"`, () => ensureUser(admin, connect, { ...declaration, ...other })));
    }
  } finally {
    await admin.end();
  }
  const text = secretJson(secret);
  const secretStored = storedText === undefined || text !== secretJson(stored as AppUserSecret);
  if (secretStored) {
    await step(`cannot store the application user secret ${s.secretArn}`, () =>
      store.putSecretString(s.secretArn, randomUUID(), text, ["AWSCURRENT"]),
    );
  }
  return { username: secret.username, secretStored, users };
}

// Created once per execution environment and reused; region and credentials come from the runtime.
const store = secretsManagerStore(new SecretsManagerClient({}));

/** One run, logged as one JSON line (what was changed, never a password). */
export async function bootstrapAndLog(
  s: BootstrapSettings,
  secrets: SecretStore,
  connectTo: (endpoint: Endpoint) => Connect,
): Promise<BootstrapReport> {
  const report = await runBootstrap(s, secrets, connectTo);
  console.info(JSON.stringify({ bootstrap: "database user", ...report }));
  return report;
}

/** The Lambda entry point (`bootstrap.handler`): the deploy's event carries nothing the run needs. */
export function handler(): Promise<BootstrapReport> {
  return bootstrapAndLog(bootstrapSettingsFromEnv(process.env), store, (endpoint) => connector(endpoint, rdsCertificateAuthorities()));
}
