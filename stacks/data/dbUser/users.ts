/*
 * The application's database user, made to match its declaration: it exists,
 * logs in with the secret's password over TLS only, and holds exactly the
 * declared privileges on the application's database, nothing more. One module
 * for both engines and both callers: the bootstrap function (at deploy) and
 * the rotation function (the alternating user it creates or updates).
 *
 * Every step reads the server first and changes only what differs, so a
 * second run with the same declaration changes nothing, and the report says
 * what was changed. It runs as the master user, the only user allowed to
 * create users and grant.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "crypto";

/** The engine, as Secrets Manager's RDS secrets name it (`engine` key). */
export type Engine = "mysql" | "postgres";

/** One open session on the database, whatever the driver. */
export interface SqlSession {
  /** Runs one statement; placeholders are `?` (MySQL) or `$1`.. (PostgreSQL). */
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  end(): Promise<void>;
}

/** Credentials of one database user. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** What the application user is: its name, password, database and privileges. */
export interface UserDeclaration extends Credentials {
  readonly engine: Engine;
  /** The application's database; the user's privileges are on it only. */
  readonly database: string;
  /**
   * Whether the user may change the schema (create, alter, drop tables and
   * indexes) in its own database: migrations run as the application user.
   */
  readonly schemaChanges: boolean;
}

/** What one run changed; all empty when the server already matched. */
export interface UserReport {
  readonly username: string;
  readonly created: boolean;
  readonly passwordSet: boolean;
  readonly granted: readonly string[];
  readonly revoked: readonly string[];
}

/** Opens a session as the given user; throws the driver's error when it cannot. */
export type Connect = (credentials: Credentials) => Promise<SqlSession>;

/** Data manipulation: what the API needs on its tables. */
export const DATA_PRIVILEGES = ["SELECT", "INSERT", "UPDATE", "DELETE"] as const;

/** Schema changes on MySQL: tables, indexes and foreign keys in the application's database. */
export const MYSQL_SCHEMA_PRIVILEGES = ["CREATE", "ALTER", "DROP", "INDEX", "REFERENCES"] as const;

/**
 * The name of the other user of the alternating pair: `<name>_clone` and
 * back, as Secrets Manager's multi-user rotation names them.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-strategy.html#rotating-secrets-two-users
 */
export function alternateUsername(username: string): string {
  return username.endsWith(CLONE_SUFFIX) ? username.slice(0, -CLONE_SUFFIX.length) : `${username}${CLONE_SUFFIX}`;
}

/** The suffix of the second user of the pair. */
export const CLONE_SUFFIX = "_clone";

/**
 * The PostgreSQL group role both users of the pair belong to and act as
 * (`ALTER ROLE .. SET role`): it holds the privileges and owns what
 * migrations create, so either user can alter the other's tables.
 */
export function postgresGroupRole(username: string): string {
  const base = username.endsWith(CLONE_SUFFIX) ? alternateUsername(username) : username;
  return `${base}_group`;
}

/**
 * A SCRAM-SHA-256 verifier of a password (RFC 5802, RFC 7677), the form
 * PostgreSQL stores: setting it instead of the clear password keeps the
 * password out of any statement log.
 * https://www.postgresql.org/docs/current/sql-createrole.html ("If the presented password string is already in MD5-encrypted or SCRAM-encrypted format, then it is stored as-is")
 */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password.normalize("NFKC"), salt, iterations, 32, "sha256");
  const hmac = (key: Buffer, text: string) => createHmac("sha256", key).update(text).digest();
  const storedKey = createHash("sha256").update(hmac(salted, "Client Key")).digest();
  const serverKey = hmac(salted, "Server Key");
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

/** Whether an error is the server refusing the password (not a network or TLS failure). */
export function isAuthenticationFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  // MySQL ER_ACCESS_DENIED_ERROR; PostgreSQL invalid_password (28P01) and invalid_authorization_specification (28000).
  return code === "ER_ACCESS_DENIED_ERROR" || code === "28P01" || code === "28000";
}

/** Whether the credentials log in now. */
export async function canLogIn(connect: Connect, credentials: Credentials): Promise<boolean> {
  try {
    const session = await connect(credentials);
    await session.end();
    return true;
  } catch (error) {
    if (isAuthenticationFailure(error)) return false;
    throw error;
  }
}

const sorted = (items: Iterable<string>) => [...new Set(items)].sort();

/** MySQL: `'name'@'%'`, the account every host may use (the security groups decide who reaches the port). */
function mysqlAccount(username: string): string {
  return `'${username}'@'%'`;
}

/** Backquotes an identifier (the names here are validated `[a-z0-9_]`; quoting still guards reserved words). */
const mysqlIdentifier = (name: string) => `\`${name.replace(/`/g, "``")}\``;
const pgIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;
const pgLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The privileges the declaration asks for, as `<object>:<privilege>` strings both engines compare. */
export function declaredPrivileges(d: Pick<UserDeclaration, "engine" | "schemaChanges">): readonly string[] {
  if (d.engine === "mysql") {
    return sorted([...DATA_PRIVILEGES, ...(d.schemaChanges ? MYSQL_SCHEMA_PRIVILEGES : [])].map((p) => `database:${p}`));
  }
  return sorted([
    "database:CONNECT",
    "schema:USAGE",
    ...(d.schemaChanges ? ["schema:CREATE"] : []),
    ...DATA_PRIVILEGES.map((p) => `default-tables:${p}`),
    ...["SELECT", "USAGE"].map((p) => `default-sequences:${p}`),
  ]);
}

/** The privileges the user (MySQL) or its group role (PostgreSQL) holds now, in `declaredPrivileges`' form. */
export async function readPrivileges(admin: SqlSession, engine: Engine, username: string, database: string): Promise<readonly string[]> {
  if (engine === "mysql") {
    const rows = await admin.query(
      "SELECT PRIVILEGE_TYPE AS p, 'database' AS o FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = ? AND TABLE_SCHEMA = ? " +
        "UNION ALL SELECT PRIVILEGE_TYPE, 'global' FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ? AND PRIVILEGE_TYPE <> 'USAGE'",
      [mysqlAccount(username), database, mysqlAccount(username)],
    );
    return sorted(rows.map((r) => `${String(r.o)}:${String(r.p)}`));
  }
  const role = postgresGroupRole(username);
  const rows = await admin.query(
    `SELECT 'database:' || a.privilege_type AS p FROM pg_database d, aclexplode(d.datacl) a
       WHERE d.datname = $2 AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $1)
     UNION ALL
     SELECT 'schema:' || a.privilege_type FROM pg_namespace n, aclexplode(n.nspacl) a
       WHERE n.nspname = 'public' AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $1)
     UNION ALL
     SELECT CASE d.defaclobjtype WHEN 'r' THEN 'default-tables:' ELSE 'default-sequences:' END || a.privilege_type
       FROM pg_default_acl d, aclexplode(d.defaclacl) a
       WHERE d.defaclnamespace = 'public'::regnamespace AND d.defaclobjtype IN ('r', 'S') AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $1)`,
    [role, database],
  );
  return sorted(rows.map((r) => String(r.p)));
}

/** The statements that take the held privileges to the declared ones. */
function privilegeStatements(d: UserDeclaration, held: readonly string[], want: readonly string[]) {
  const grant = want.filter((p) => !held.includes(p));
  const revoke = held.filter((p) => !want.includes(p));
  const statements: string[] = [];
  const privilegesOf = (list: readonly string[], object: string) =>
    list.filter((p) => p.startsWith(`${object}:`)).map((p) => p.slice(object.length + 1));
  if (d.engine === "mysql") {
    const on = `ON ${mysqlIdentifier(d.database)}.*`;
    const grants = privilegesOf(grant, "database");
    if (grants.length > 0) statements.push(`GRANT ${grants.join(", ")} ${on} TO ${mysqlAccount(d.username)}`);
    const revokes = privilegesOf(revoke, "database");
    if (revokes.length > 0) statements.push(`REVOKE ${revokes.join(", ")} ${on} FROM ${mysqlAccount(d.username)}`);
    const global = privilegesOf(revoke, "global");
    if (global.length > 0) statements.push(`REVOKE ${global.join(", ")} ON *.* FROM ${mysqlAccount(d.username)}`);
    return { grant, revoke, statements };
  }
  const role = pgIdentifier(postgresGroupRole(d.username));
  const targets: Record<string, (verb: "GRANT" | "REVOKE", privileges: string) => string> = {
    database: (verb, p) => `${verb} ${p} ON DATABASE ${pgIdentifier(d.database)} ${verb === "GRANT" ? "TO" : "FROM"} ${role}`,
    schema: (verb, p) => `${verb} ${p} ON SCHEMA public ${verb === "GRANT" ? "TO" : "FROM"} ${role}`,
    "default-tables": (verb, p) =>
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public ${verb} ${p} ON TABLES ${verb === "GRANT" ? "TO" : "FROM"} ${role}`,
    "default-sequences": (verb, p) =>
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public ${verb} ${p} ON SEQUENCES ${verb === "GRANT" ? "TO" : "FROM"} ${role}`,
  };
  for (const [object, build] of Object.entries(targets)) {
    const grants = privilegesOf(grant, object);
    if (grants.length > 0) statements.push(build("GRANT", grants.join(", ")));
    const revokes = privilegesOf(revoke, object);
    if (revokes.length > 0) statements.push(build("REVOKE", revokes.join(", ")));
  }
  return { grant, revoke, statements };
}

/** Whether the login user exists (MySQL: the `%` account; PostgreSQL: a role). */
async function userExists(admin: SqlSession, engine: Engine, username: string): Promise<boolean> {
  const rows =
    engine === "mysql"
      ? await admin.query("SELECT 1 AS found FROM mysql.user WHERE User = ? AND Host = '%'", [username])
      : await admin.query("SELECT 1 AS found FROM pg_roles WHERE rolname = $1", [username]);
  return rows.length > 0;
}

/** The statement that creates the login user with its password, TLS required (MySQL) or acting as the group role (PostgreSQL). */
function createStatements(d: UserDeclaration): string[] {
  if (d.engine === "mysql") {
    // MySQL rewrites the password out of its general, slow and binary logs:
    // https://dev.mysql.com/doc/refman/8.0/en/password-logging.html
    return [`CREATE USER ${mysqlAccount(d.username)} IDENTIFIED BY ${mysqlLiteral(d.password)} REQUIRE SSL`];
  }
  const group = pgIdentifier(postgresGroupRole(d.username));
  return [
    `CREATE ROLE ${pgIdentifier(d.username)} LOGIN PASSWORD ${pgLiteral(scramVerifier(d.password))} IN ROLE ${group}`,
    `ALTER ROLE ${pgIdentifier(d.username)} SET role = ${pgLiteral(postgresGroupRole(d.username))}`,
  ];
}

/** A MySQL string literal (backslashes and quotes escaped; the session runs with the default sql_mode). */
function mysqlLiteral(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function passwordStatement(d: UserDeclaration): string {
  return d.engine === "mysql"
    ? `ALTER USER ${mysqlAccount(d.username)} IDENTIFIED BY ${mysqlLiteral(d.password)}`
    : `ALTER ROLE ${pgIdentifier(d.username)} PASSWORD ${pgLiteral(scramVerifier(d.password))}`;
}

/** PostgreSQL: the group role exists (NOLOGIN). */
async function ensurePostgresGroup(admin: SqlSession, username: string): Promise<string[]> {
  const group = postgresGroupRole(username);
  if ((await admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [group])).length > 0) return [];
  await admin.query(`CREATE ROLE ${pgIdentifier(group)} NOLOGIN`);
  return [`role:${group}`];
}

/** PostgreSQL: an existing login user is a member of the group role and acts as it. */
async function ensurePostgresMembership(admin: SqlSession, username: string): Promise<string[]> {
  const group = postgresGroupRole(username);
  const changed: string[] = [];
  const membership = await admin.query(
    "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = $1 AND u.rolname = $2",
    [group, username],
  );
  if (membership.length === 0) {
    await admin.query(`GRANT ${pgIdentifier(group)} TO ${pgIdentifier(username)}`);
    changed.push(`member:${group}`);
  }
  const settings = await admin.query(
    "SELECT 1 FROM pg_db_role_setting s JOIN pg_roles u ON u.oid = s.setrole WHERE u.rolname = $1 AND s.setdatabase = 0 AND $2 = ANY(s.setconfig)",
    [username, `role=${group}`],
  );
  if (settings.length === 0) {
    await admin.query(`ALTER ROLE ${pgIdentifier(username)} SET role = ${pgLiteral(group)}`);
    changed.push(`acts-as:${group}`);
  }
  return changed;
}

/** MySQL: the account requires TLS (`REQUIRE SSL`), whatever the server's own setting. */
async function ensureMysqlTls(admin: SqlSession, username: string): Promise<string[]> {
  const rows = await admin.query("SELECT ssl_type FROM mysql.user WHERE User = ? AND Host = '%'", [username]);
  if (String(rows[0]?.ssl_type ?? "") === "ANY") return [];
  await admin.query(`ALTER USER ${mysqlAccount(username)} REQUIRE SSL`);
  return ["tls:REQUIRE SSL"];
}

/**
 * Makes the server match the declaration, as the master user (`admin`):
 * 1. creates the user when missing, with the password (PostgreSQL: its group role first);
 * 2. otherwise sets the password only when the user cannot log in with it (`connect` as the user);
 * 3. grants what is declared and missing, revokes what is held and not declared.
 */
export async function ensureUser(admin: SqlSession, connect: Connect, d: UserDeclaration): Promise<UserReport> {
  const changed = d.engine === "postgres" ? await ensurePostgresGroup(admin, d.username) : [];
  const exists = await userExists(admin, d.engine, d.username);
  if (!exists) {
    for (const statement of createStatements(d)) await admin.query(statement);
  }
  const passwordSet = exists && !(await canLogIn(connect, d));
  if (passwordSet) await admin.query(passwordStatement(d));
  if (exists) {
    changed.push(...(d.engine === "mysql" ? await ensureMysqlTls(admin, d.username) : await ensurePostgresMembership(admin, d.username)));
  }
  const held = await readPrivileges(admin, d.engine, d.username, d.database);
  const { grant, revoke, statements } = privilegeStatements(d, held, declaredPrivileges(d));
  for (const statement of statements) await admin.query(statement);
  if (d.engine === "postgres" && grant.some((p) => p.startsWith("default-"))) {
    // Tables and sequences that already exist (created by the master user) get what the defaults give new ones.
    const group = pgIdentifier(postgresGroupRole(d.username));
    await admin.query(`GRANT ${DATA_PRIVILEGES.join(", ")} ON ALL TABLES IN SCHEMA public TO ${group}`);
    await admin.query(`GRANT SELECT, USAGE ON ALL SEQUENCES IN SCHEMA public TO ${group}`);
  }
  return { username: d.username, created: !exists, passwordSet, granted: [...changed, ...grant], revoked: revoke };
}
