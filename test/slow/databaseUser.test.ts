// The database user functions against real servers: MariaDB 10.11 for Aurora
// MySQL 3 and PostgreSQL 15 for Aurora PostgreSQL 16, each started by this
// file with TLS required (test/db/servers.ts). Secrets Manager is the
// in-memory store of test/db/fakeSecretStore.ts; every statement runs on the
// real engine.
import {
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { BootstrapSettings, bootstrapAndLog, handler as bootstrapHandler, runBootstrap } from "../../stacks/data/dbUser/bootstrap";
import { handler as rotationHandler } from "../../stacks/data/dbUser/rotation";
import { connector, Endpoint } from "../../stacks/data/dbUser/connect";
import {
  Connect,
  Credentials,
  declaredPrivileges,
  Engine,
  postgresGroupRole,
  readPrivileges,
  SqlSession,
} from "../../stacks/data/dbUser/users";
import { FakeSecretStore } from "../db/fakeSecretStore";
import { serversAvailable, startMariaDb, startPostgres, TestServer } from "../db/servers";

const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-app-user-dev-abc123";
const MASTER = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-1234";

// A machine without the servers' packages skips an engine; CI (CI=true, set by .ci/run) fails instead.
const available = serversAvailable();
const engines: [string, Engine, () => Promise<TestServer>][] = [
  ["MariaDB (for Aurora MySQL)", "mysql", startMariaDb],
  ["PostgreSQL (for Aurora PostgreSQL)", "postgres", startPostgres],
];

describe.each(engines.filter(([, engine]) => available[engine] || process.env.CI === "true"))(
  "the application database user on %s",
  (_label, engine, start) => {
    let server: TestServer;
    let store: FakeSecretStore;
    let settings: BootstrapSettings;
    const connectTo = (endpoint: Endpoint): Connect => connector(endpoint, server.ca);
    const endpoint = (): Endpoint => ({ engine, host: server.host, port: server.port, database: server.database });
    const connectAs = (who: Credentials) => connectTo(endpoint())(who);
    const master = (): Credentials => ({ username: server.masterUsername, password: server.masterPassword });
    const current = () => store.value(SECRET) as unknown as Credentials & Record<string, unknown>;
    const asMaster = async <T>(run: (s: SqlSession) => Promise<T>): Promise<T> => {
      const session = await connectAs(master());
      try {
        return await run(session);
      } finally {
        await session.end();
      }
    };
    const settingsSecret = () => ({
      engine,
      host: server.host,
      port: server.port,
      dbname: server.database,
      username: "api",
      password: "any",
      masterarn: MASTER,
    });
    const privilegesOf = (username: string) => asMaster((s) => readPrivileges(s, engine, username, server.database));

    beforeAll(async () => {
      server = await start();
    });
    afterAll(async () => {
      await server.stop();
    });
    beforeEach(async () => {
      // Each test starts from a server without the application's users.
      await asMaster(async (s) => {
        if (engine === "mysql") {
          for (const u of ["api", "api_clone"]) await s.query(`DROP USER IF EXISTS '${u}'@'%'`);
          await s.query(`DROP TABLE IF EXISTS ${server.database}.orders`);
        } else {
          await s.query("DROP TABLE IF EXISTS orders");
          for (const role of ["api", "api_clone", "api_group"]) {
            const exists = await s.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
            if (exists.length > 0) {
              // The admin, like Aurora's master user, is no superuser: it drops what a role owns as a member of it.
              await s.query(`GRANT ${role} TO ${server.masterUsername}`);
              await s.query(`DROP OWNED BY ${role}`);
              await s.query(`DROP ROLE ${role}`);
            }
          }
        }
      });
      store = new FakeSecretStore();
      store.seed(MASTER, { username: server.masterUsername, password: server.masterPassword });
      settings = {
        secretArn: SECRET,
        masterSecretArn: MASTER,
        engine,
        host: server.host,
        port: server.port,
        database: server.database,
        username: "api",
        schemaChanges: true,
      };
    });

    it("creates the user with exactly the declared privileges (read back from the server) and stores its secret in the alternating-users shape", async () => {
      const info = jest.spyOn(console, "info").mockImplementation(() => undefined);
      const report = await bootstrapAndLog(settings, store, connectTo);
      const logged = info.mock.calls.map(([line]) => String(line));
      info.mockRestore();
      expect(logged.map((line) => JSON.parse(line) as unknown)).toEqual([{ bootstrap: "database user", ...report }]);
      expect(logged[0]).not.toContain(String(current().password));

      expect(report).toMatchObject({
        username: "api",
        secretStored: true,
        users: [{ username: "api", created: true, passwordSet: false }],
      });
      expect(await privilegesOf("api")).toEqual(declaredPrivileges({ engine, schemaChanges: true }));
      const secret = current();
      expect(Object.keys(secret).sort()).toEqual(["dbname", "engine", "host", "masterarn", "password", "port", "username"]);
      expect(secret).toMatchObject({
        engine,
        host: server.host,
        port: server.port,
        dbname: server.database,
        username: "api",
        masterarn: MASTER,
      });
      expect(secret.password).not.toBe(server.masterPassword);
      const app = await connectAs(secret);
      try {
        await app.query("CREATE TABLE orders (id INT PRIMARY KEY, total INT)");
        await app.query(engine === "mysql" ? "INSERT INTO orders VALUES (?, ?)" : "INSERT INTO orders VALUES ($1, $2)", [1, 100]);
        expect(await app.query("SELECT total FROM orders")).toEqual([{ total: 100 }]);
        // No user management: only the master user creates users.
        await expect(app.query(engine === "mysql" ? "CREATE USER 'x'@'%'" : "CREATE ROLE x")).rejects.toThrow();
        // Nothing outside its own database.
        await expect(app.query(engine === "mysql" ? "SELECT * FROM mysql.user" : "CREATE DATABASE other")).rejects.toThrow();
      } finally {
        await app.end();
      }
    });

    it("changes nothing on a second run with the same declaration", async () => {
      await runBootstrap(settings, store, connectTo);
      const before = { secret: current(), privileges: await privilegesOf("api") };
      const puts = store.calls.filter((c) => c.startsWith("put")).length;

      const again = await runBootstrap(settings, store, connectTo);

      expect(again).toEqual({
        username: "api",
        secretStored: false,
        users: [{ username: "api", created: false, passwordSet: false, granted: [], revoked: [] }],
      });
      expect(store.calls.filter((c) => c.startsWith("put"))).toHaveLength(puts);
      expect({ secret: current(), privileges: await privilegesOf("api") }).toEqual(before);
    });

    it("applies a changed privilege declaration: without schema changes the user keeps data manipulation only", async () => {
      await runBootstrap(settings, store, connectTo);

      const report = await runBootstrap({ ...settings, schemaChanges: false }, store, connectTo);

      const held = await privilegesOf("api");
      expect(held).toEqual(declaredPrivileges({ engine, schemaChanges: false }));
      expect(report.users[0].revoked).toEqual(declaredPrivileges({ engine, schemaChanges: true }).filter((p) => !held.includes(p)));
      const app = await connectAs(current());
      try {
        await expect(app.query("CREATE TABLE orders (id INT PRIMARY KEY)")).rejects.toThrow();
      } finally {
        await app.end();
      }
    });

    it("sets the password again when the user exists but no longer logs in with the secret's (a secret recreated over a kept database)", async () => {
      await runBootstrap(settings, store, connectTo);
      const kept = current();
      await asMaster((s) =>
        s.query(engine === "mysql" ? "ALTER USER 'api'@'%' IDENTIFIED BY 'something-else'" : "ALTER ROLE api PASSWORD 'something-else'"),
      );

      const report = await runBootstrap(settings, store, connectTo);

      expect(report.users[0]).toMatchObject({ created: false, passwordSet: true });
      await (await connectAs(kept)).end();
    });

    it("puts a user that drifted back to its declaration: TLS requirement or group role, and privileges it should not hold", async () => {
      await runBootstrap(settings, store, connectTo);
      await asMaster(async (s) => {
        if (engine === "mysql") {
          await s.query("ALTER USER 'api'@'%' REQUIRE NONE");
          await s.query("GRANT PROCESS ON *.* TO 'api'@'%'");
        } else {
          await s.query("REVOKE api_group FROM api");
          await s.query("ALTER ROLE api RESET role");
          await s.query(`GRANT CREATE ON DATABASE ${server.database} TO api_group`);
        }
      });

      const report = await runBootstrap(settings, store, connectTo);

      expect(report.users[0]).toMatchObject(
        engine === "mysql"
          ? { granted: ["tls:REQUIRE SSL"], revoked: ["global:PROCESS"] }
          : { granted: ["member:api_group", "acts-as:api_group"], revoked: ["database:CREATE"] },
      );
      expect(await privilegesOf("api")).toEqual(declaredPrivileges({ engine, schemaChanges: true }));
      expect((await runBootstrap(settings, store, connectTo)).users[0]).toMatchObject({ granted: [], revoked: [] });
    });

    it("requires TLS of the user: a connection without TLS is refused", async () => {
      await runBootstrap(settings, store, connectTo);
      const plain = connectTo(endpoint());
      const { username, password } = current();
      if (engine === "mysql") {
        const mysql = await import("mysql2/promise");
        await expect(mysql.createConnection({ host: server.host, port: server.port, user: username, password })).rejects.toThrow();
        const rows = await asMaster((s) => s.query("SELECT ssl_type FROM mysql.user WHERE User = 'api' AND Host = '%'"));
        expect(rows).toEqual([{ ssl_type: "ANY" }]);
      } else {
        const { Client } = await import("pg");
        const client = new Client({
          host: server.host,
          port: server.port,
          user: username,
          password,
          database: server.database,
          ssl: false,
        });
        await expect(client.connect()).rejects.toThrow(/no encryption|pg_hba/);
      }
      await (await plain({ username, password })).end();
    });

    it("rotates with alternating users: the previous credentials keep working until the rotation after, and the master password is never the application's", async () => {
      await runBootstrap(settings, store, connectTo);
      const first = current();
      const held = await connectAs(first);

      await store.rotate(SECRET, true, connectTo);
      const second = current();
      expect(second.username).toBe("api_clone");
      expect(second.password).not.toBe(first.password);
      // The clone has exactly the declared privileges, like the first user.
      expect(await privilegesOf("api_clone")).toEqual(declaredPrivileges({ engine, schemaChanges: true }));
      // A connection opened before the rotation still works, and so does a new one with the previous credentials.
      expect(await held.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
      await held.end();
      await (await connectAs(first)).end();
      // Both users work on the same tables: what one creates, the other may change.
      const a = await connectAs(first);
      await a.query("CREATE TABLE orders (id INT PRIMARY KEY)");
      await a.end();
      const b = await connectAs(second);
      await b.query("ALTER TABLE orders ADD COLUMN total INT");
      await b.query("DROP TABLE orders");
      await b.end();

      await store.rotate(SECRET, true, connectTo);
      const third = current();
      expect(third.username).toBe("api");
      // The second user is now the previous one and still logs in; the first one's old password no longer does.
      await (await connectAs(second)).end();
      await expect(connectAs(first)).rejects.toMatchObject({ code: engine === "mysql" ? "ER_ACCESS_DENIED_ERROR" : "28P01" });
      await (await connectAs(third)).end();

      // A deploy after rotations sets up both users of the pair and changes nothing.
      const again = await runBootstrap(settings, store, connectTo);
      expect(again).toEqual({
        username: "api",
        secretStored: false,
        users: ["api", "api_clone"].map((username) => ({ username, created: false, passwordSet: false, granted: [], revoked: [] })),
      });
      await (await connectAs(second)).end();

      for (const s of [first, second, third]) {
        expect(s.username).not.toBe(server.masterUsername);
        expect(s.password).not.toBe(server.masterPassword);
      }
      if (engine === "postgres") {
        const group = postgresGroupRole("api");
        const members = await asMaster((s) =>
          s.query(
            "SELECT u.rolname AS member FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = $1 ORDER BY 1",
            [group],
          ),
        );
        expect(members).toEqual([{ member: "api" }, { member: "api_clone" }]);
      }
    });

    it("fails with one message naming the server and the master user when the master secret's password is wrong, and changes nothing", async () => {
      store.seed(MASTER, { username: server.masterUsername, password: "not-the-password" });

      await expect(runBootstrap(settings, store, connectTo)).rejects.toThrow(
        new RegExp(
          `^bootstrap: cannot connect to ${engine} at 127\\.0\\.0\\.1:${server.port} \\(database orders\\) as the master user "admin" over TLS: `,
        ),
      );

      expect(store.value(SECRET)).toBeUndefined();
      expect(store.calls.filter((c) => c.startsWith("put"))).toEqual([]);
      expect(await privilegesOf("api")).toEqual([]);
    });

    it("fails naming the endpoint when nothing listens there, and changes nothing", async () => {
      await expect(runBootstrap({ ...settings, port: 1 }, store, connectTo)).rejects.toThrow(/cannot connect to .* at 127\.0\.0\.1:1 /);
      expect(store.value(SECRET)).toBeUndefined();
    });

    it("fails naming the master secret when it is not the JSON RDS stores", async () => {
      store.seed(MASTER, "not an object");
      await expect(runBootstrap(settings, store, connectTo)).rejects.toThrow(
        `bootstrap: cannot read the master secret ${MASTER}: the master secret ${MASTER} is not a JSON object`,
      );
      expect(store.value(SECRET)).toBeUndefined();
    });

    it("as deployed, trusts only the Amazon RDS certificate authorities: a server with another certificate is refused before any secret is written", async () => {
      const sent: string[] = [];
      const send = jest.spyOn(SecretsManagerClient.prototype, "send").mockImplementation(async (command: unknown) => {
        sent.push((command as object).constructor.name);
        if (command instanceof GetSecretValueCommand) {
          if (command.input.SecretId === MASTER) return { SecretString: JSON.stringify(master()) };
          throw new ResourceNotFoundException({ message: "no value yet", $metadata: {} });
        }
        if (command instanceof GetRandomPasswordCommand) return { RandomPassword: "drawn-password" };
        throw new Error(`unexpected ${(command as object).constructor.name}`);
      });
      const saved = process.env;
      process.env = {
        ...saved,
        APP_USER_SECRET_ARN: SECRET,
        MASTER_SECRET_ARN: MASTER,
        DB_ENGINE: engine,
        DB_HOST: server.host,
        DB_PORT: String(server.port),
        DB_NAME: server.database,
        APP_USERNAME: "api",
        SCHEMA_CHANGES: "true",
      };
      try {
        await expect(bootstrapHandler()).rejects.toThrow(/as the master user "admin" over TLS: .*(self.signed|certificate|verify)/i);
        expect(sent).toEqual(["GetSecretValueCommand", "GetSecretValueCommand", "GetRandomPasswordCommand"]);
        expect(await privilegesOf("api")).toEqual([]);
        // The rotation function's test step connects the same way.
        send.mockImplementation(async (command: unknown) => {
          if (command instanceof GetSecretValueCommand) return { SecretString: JSON.stringify({ ...settingsSecret(), username: "api" }) };
          return { RotationEnabled: true, VersionIdsToStages: { t: ["AWSPENDING"] } };
        });
        await expect(rotationHandler({ SecretId: SECRET, ClientRequestToken: "t", Step: "testSecret" })).rejects.toThrow(
          /(self.signed|certificate|verify)/i,
        );
      } finally {
        process.env = saved;
        send.mockRestore();
      }
    });
  },
);
