import * as mysql from "mysql2/promise";
import { Client, ClientConfig } from "pg";
import { TestServer, serversAvailable, startMariaDb, startPostgres } from "../db/servers";

// Real database servers (test/db/servers.ts), started here on loopback with TLS
// required: the drivers the services use must get in over TLS, verifying the
// server against the harness's CA, and only over TLS. .ci/run installs the
// servers; a machine without them skips these tests, CI fails instead.

const available = serversAvailable();
const inCi = process.env.CI === "true";
const servers: { mysql?: TestServer; postgres?: TestServer } = {};

/** The server of an engine started by beforeAll (which fails the file if one could not start). */
function started(engine: TestServer["engine"]): TestServer {
  const server = servers[engine];
  if (server === undefined) throw new Error(`the ${engine} server did not start`);
  return server;
}

beforeAll(async () => {
  const starts = await Promise.allSettled([
    available.mysql || inCi ? startMariaDb() : Promise.resolve(undefined),
    available.postgres || inCi ? startPostgres() : Promise.resolve(undefined),
  ]);
  const [mysqlStart, postgresStart] = starts;
  if (mysqlStart.status === "fulfilled") servers.mysql = mysqlStart.value;
  if (postgresStart.status === "fulfilled") servers.postgres = postgresStart.value;
  const failed = starts.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : []));
  if (failed.length > 0) throw failed[0];
}, 90_000);

afterAll(async () => {
  await Promise.all([servers.mysql?.stop(), servers.postgres?.stop()]);
});

/** mysql2 options for the admin user of a server; `ssl` verifies the server certificate against the harness's CA. */
function mysqlOptions(server: TestServer, tls: boolean): mysql.ConnectionOptions {
  return {
    host: server.host,
    port: server.port,
    user: server.masterUsername,
    password: server.masterPassword,
    database: server.database,
    connectTimeout: 10_000,
    ...(tls ? { ssl: { ca: server.ca, rejectUnauthorized: true } } : {}),
  };
}

/** pg options for the admin user of a server; with `tls`, verifying the server certificate against the harness's CA. */
function pgOptions(server: TestServer, tls: boolean): ClientConfig {
  return {
    host: server.host,
    port: server.port,
    user: server.masterUsername,
    password: server.masterPassword,
    database: server.database,
    connectionTimeoutMillis: 10_000,
    ssl: tls ? { ca: server.ca, rejectUnauthorized: true } : false,
  };
}

/** Connects with pg, runs `use` and closes the connection. */
async function withPg<T>(config: ClientConfig, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(config);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Connects with mysql2, runs `use` and closes the connection. */
async function withMysql<T>(options: mysql.ConnectionOptions, use: (connection: mysql.Connection) => Promise<T>): Promise<T> {
  const connection = await mysql.createConnection(options);
  try {
    return await use(connection);
  } finally {
    await connection.end();
  }
}

(available.mysql || inCi ? describe : describe.skip)("a MariaDB test server", () => {
  it("lets the admin user in over TLS verified against the CA, and the session uses TLS", async () => {
    const server = started("mysql");
    await withMysql(mysqlOptions(server, true), async (connection) => {
      const [rows] = await connection.query<mysql.RowDataPacket[]>("SELECT 1 AS one, DATABASE() AS db");
      expect(rows).toEqual([{ one: 1, db: "orders" }]);
      const [status] = await connection.query<mysql.RowDataPacket[]>("SHOW STATUS LIKE 'Ssl_cipher'");
      expect(status[0]?.Value).toMatch(/\S/);
    });
  });

  it("refuses a connection without TLS", async () => {
    // MariaDB answers "Access denied" (1045) under require_secure_transport; MySQL 8.0 names the transport (3159).
    await expect(withMysql(mysqlOptions(started("mysql"), false), (c) => c.query("SELECT 1"))).rejects.toThrow(
      /Access denied|insecure transport/,
    );
  });

  it("is not trusted by a client that does not know the harness's CA", async () => {
    const options = { ...mysqlOptions(started("mysql"), false), ssl: { rejectUnauthorized: true } };
    await expect(withMysql(options, (c) => c.query("SELECT 1"))).rejects.toThrow(/certificate/);
  });

  it("gives the admin user the right to create an application user and grant it the database", async () => {
    const server = started("mysql");
    await withMysql(mysqlOptions(server, true), async (admin) => {
      await admin.query("CREATE USER 'app'@'%' IDENTIFIED BY 'app-secret-1'");
      await admin.query("GRANT SELECT, INSERT ON orders.* TO 'app'@'%'");
    });
    const app = { ...mysqlOptions(server, true), user: "app", password: "app-secret-1" };
    const [rows] = await withMysql(app, (c) => c.query<mysql.RowDataPacket[]>("SELECT CURRENT_USER() AS who"));
    expect(rows).toEqual([{ who: "app@%" }]);
  });
});

(available.postgres || inCi ? describe : describe.skip)("a PostgreSQL test server", () => {
  it("lets the admin user in over TLS verified against the CA, and the session uses TLS", async () => {
    const server = started("postgres");
    await withPg(pgOptions(server, true), async (client) => {
      const select = await client.query("SELECT 1 AS one, current_database() AS db");
      expect(select.rows).toEqual([{ one: 1, db: "orders" }]);
      const ssl = await client.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
      expect(ssl.rows).toEqual([{ ssl: true }]);
    });
  });

  it("refuses a connection without TLS", async () => {
    await expect(withPg(pgOptions(started("postgres"), false), (c) => c.query("SELECT 1"))).rejects.toThrow(
      /no pg_hba\.conf entry for host "127\.0\.0\.1", user "admin", database "orders", no encryption/,
    );
  });

  it("is not trusted by a client that does not know the harness's CA", async () => {
    const config = { ...pgOptions(started("postgres"), false), ssl: { rejectUnauthorized: true } };
    await expect(withPg(config, (c) => c.query("SELECT 1"))).rejects.toThrow(/certificate/);
  });

  it("gives the admin user the right to create an application role and grant it the database", async () => {
    const server = started("postgres");
    await withPg(pgOptions(server, true), async (admin) => {
      await admin.query("CREATE ROLE app LOGIN PASSWORD 'app-secret-1'");
      await admin.query("GRANT CONNECT ON DATABASE orders TO app");
      await admin.query("GRANT USAGE ON SCHEMA public TO app");
    });
    const app = { ...pgOptions(server, true), user: "app", password: "app-secret-1" };
    const who = await withPg(app, (c) => c.query("SELECT current_user AS who"));
    expect(who.rows).toEqual([{ who: "app" }]);
  });
});
