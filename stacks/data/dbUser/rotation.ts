/*
 * The rotation function of the application user's secret: Secrets Manager's
 * alternating-users strategy, in the four steps Secrets Manager invokes.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-strategy.html#rotating-secrets-two-users
 * - createSecret: a pending version naming the other user of the pair with a new password;
 * - setSecret: as the master user, that user is made to match the declaration with the
 *   new password (created on the first rotation): the user in use now is not touched;
 * - testSecret: the pending credentials log in;
 * - finishSecret: the pending version becomes current; the old one is AWSPREVIOUS.
 * So the credentials a task holds keep working until the rotation after next
 * changes that user's password: a whole rotation period for the tasks to roll.
 *
 * The platform runs this function rather than AWS's hosted ones
 * (SecretsManagerRDS*RotationMultiUser) because it shares `ensureUser` with
 * the bootstrap: the clone gets exactly the declared privileges (not a copy of
 * whatever the current user holds), on PostgreSQL it joins the group role that
 * owns the schema instead of being granted the other login user, the code is
 * tested here against real MySQL-compatible and PostgreSQL servers, and its
 * role is a document of this repository the policy pack checks.
 */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { connector, Endpoint, rdsCertificateAuthorities } from "./connect";
import { openMasterSession, schemaChangesFromEnv } from "./bootstrap";
import { SecretStore, secretsManagerStore } from "./secretStore";
import { AppUserSecret, parseAppUserSecret, parseMasterSecret } from "./secretShape";
import { alternateUsername, Connect, ensureUser } from "./users";

/** What Secrets Manager sends. */
export interface RotationEvent {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: string;
}

/** The four steps, in the order Secrets Manager calls them. */
export const ROTATION_STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;

const CURRENT = "AWSCURRENT";
const PENDING = "AWSPENDING";

const endpointOf = (secret: AppUserSecret): Endpoint => ({
  engine: secret.engine,
  host: secret.host,
  port: secret.port,
  database: secret.dbname,
});

/** Runs one step; throws (and Secrets Manager retries, then marks the rotation failed) when it cannot. */
export async function rotate(
  event: RotationEvent,
  schemaChanges: boolean,
  store: SecretStore,
  connectTo: (endpoint: Endpoint) => Connect,
): Promise<void> {
  const { SecretId: arn, ClientRequestToken: token, Step: step } = event;
  const { rotationEnabled, versions } = await store.describe(arn);
  if (!rotationEnabled) throw new Error(`rotation: secret ${arn} does not have rotation enabled`);
  const stages = versions[token];
  if (stages === undefined) throw new Error(`rotation: secret ${arn} has no version ${token}`);
  if (stages.includes(CURRENT)) return;
  if (!stages.includes(PENDING)) throw new Error(`rotation: version ${token} of ${arn} is not pending rotation`);

  const read = async (stage: string, versionId?: string) =>
    parseAppUserSecret((await store.getSecretString(arn, { versionStage: stage, versionId })) ?? "", `the ${stage} version of ${arn}`);
  switch (step) {
    case "createSecret": {
      const current = await read(CURRENT);
      if ((await store.getSecretString(arn, { versionStage: PENDING, versionId: token })) !== undefined) return;
      const pending = { ...current, username: alternateUsername(current.username), password: await store.randomPassword() };
      await store.putSecretString(arn, token, JSON.stringify(pending), [PENDING]);
      return;
    }
    case "setSecret": {
      const pending = await read(PENDING, token);
      const master = parseMasterSecret((await store.getSecretString(pending.masterarn)) ?? "", `the master secret ${pending.masterarn}`);
      const endpoint = endpointOf(pending);
      const connect = connectTo(endpoint);
      const admin = await openMasterSession(connect, endpoint, master, "rotation");
      try {
        await ensureUser(admin, connect, { ...pending, database: pending.dbname, schemaChanges });
      } finally {
        await admin.end();
      }
      return;
    }
    case "testSecret": {
      const pending = await read(PENDING, token);
      const session = await connectTo(endpointOf(pending))(pending);
      try {
        await session.query("SELECT 1");
      } finally {
        await session.end();
      }
      return;
    }
    case "finishSecret": {
      const current = Object.entries(versions).find(([, labels]) => labels.includes(CURRENT))?.[0];
      await store.moveStage(arn, CURRENT, token, current);
      return;
    }
    default:
      throw new Error(`rotation: unknown step "${step}"; expected one of ${ROTATION_STEPS.join(", ")}`);
  }
}

const store = secretsManagerStore(new SecretsManagerClient({}));

/** The Lambda entry point (`rotation.handler`). */
export async function handler(event: RotationEvent): Promise<void> {
  await rotate(event, schemaChangesFromEnv(process.env), store, (endpoint) => connector(endpoint, rdsCertificateAuthorities()));
  console.info(JSON.stringify({ rotation: event.Step, secret: event.SecretId, version: event.ClientRequestToken }));
}
