// Real database servers for tests: MariaDB and PostgreSQL started by the
// tests themselves, each in its own temporary directory (data, certificates,
// unix socket, log), listening on 127.0.0.1 at a free port, with TLS required
// for every TCP client. They stand in for the Aurora clusters of the data
// layer (MySQL 8.0 and PostgreSQL 16 there; see the notes on the differences
// in startMariaDb and startPostgres).
//
// The directories go to /dev/shm where it is a tmpfs with room (see baseDir).
//
// No server outlives its test run: stop() kills the server's process group,
// a process 'exit' handler kills whatever was not stopped, and each server is
// started through `setpriv --pdeathsig KILL`, so that the kernel kills it
// when the test worker dies without running its handlers (SIGKILL, a crash).
// Directories left behind by such a worker are removed by the next start.
import { ChildProcess, execFile, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { Client } from "pg";

/** A database server started for a test; TCP clients must use TLS and trust `ca`. */
export interface TestServer {
  readonly engine: "mysql" | "postgres";
  readonly host: string;
  readonly port: number;
  /** An admin user made for the test, able to create users and grant, like Aurora's master user. */
  readonly masterUsername: string;
  readonly masterPassword: string;
  /** The application database created at start. */
  readonly database: string;
  /** PEM of the CA that signed the server certificate (for 127.0.0.1 and localhost). */
  readonly ca: string;
  /** Stops the server at once (its data is thrown away), leaving no process of it, and removes its temporary directory. */
  stop(): Promise<void>;
}

const HOST = "127.0.0.1";
const DATABASE = "orders";
const MASTER_USERNAME = "admin";
const START_TIMEOUT_MS = 30_000;
const POLL_MS = 20;
const STOP_GRACE_MS = 5_000;
const PORT_ATTEMPTS = 3;
const DIR_PREFIX = "db-test-";
/** Free space /dev/shm must have to hold the servers' directories (about 100 MB each). */
const SHM_NEEDED_BYTES = 1024 * 1024 * 1024;
const SEARCH_PATH = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/sbin", "/usr/bin", "/sbin", "/bin"].filter((d) => d !== "");
/** The environment of the servers and their tools: nothing of the caller's PG or MYSQL settings, messages in English, UTC. */
const CHILD_ENV = { PATH: SEARCH_PATH.join(path.delimiter), LC_ALL: "C.UTF-8", LANG: "C.UTF-8", TZ: "UTC" };

/** The uid and gid that a child process runs as; undefined runs it as the caller. */
type Owner = { uid: number; gid: number } | undefined;

/** How to run one engine's server, for launchOnFreePort. */
interface ServerCommand {
  readonly name: string;
  readonly bin: string;
  readonly args: (port: number) => string[];
  /** Whether the server accepts connections, polled after the launch. */
  readonly ready: (log: string) => boolean;
  /** What stop() sends the server first: one that leaves no orphans behind (SIGKILL once it exited, or after 5 s). */
  readonly stopSignal: NodeJS.Signals;
}

/** A server process started by launch(): its process group leader, directory and log. */
interface Running {
  readonly name: string;
  readonly child: ChildProcess;
  readonly dir: string;
  readonly log: string;
  readonly exited: Promise<void>;
  readonly stopSignal: NodeJS.Signals;
}

/** Where liveServers() keeps its set on the process, shared by every copy of this module that jest loads in a worker. */
const LIVE_KEY = Symbol.for("test/db/servers.ts: servers not stopped");
let swept = false;

/** Whether the binaries of each engine are installed here (Debian's mariadb-server and postgresql packages). */
export function serversAvailable(): { mysql: boolean; postgres: boolean } {
  return { mysql: mariaDbBinaries() !== undefined, postgres: postgresBinaries() !== undefined };
}

/**
 * Starts a MariaDB server (Debian 12: 10.11) on 127.0.0.1 with require_secure_transport=ON, an admin user with all
 * privileges WITH GRANT OPTION and the application database. The admin user and database are made while the data
 * directory is initialised (mariadb-install-db --extra-file), so no client connects before the tests do. The only
 * other account is root@localhost by unix_socket (the system root user, through the socket in the temporary directory).
 * Settings follow Aurora MySQL 3's defaults where MariaDB has them: utf8mb4, MySQL 8.0's sql_mode.
 */
export async function startMariaDb(): Promise<TestServer> {
  const bins = mariaDbBinaries();
  if (bins === undefined) throw new Error("MariaDB is not installed: apt-get install mariadb-server (see .ci/run)");
  const asRoot = isRoot();
  const dir = makeDir("mysql", undefined);
  try {
    const tls = await writeCertificates(dir, undefined);
    const password = randomBytes(16).toString("hex");
    const datadir = path.join(dir, "data");
    const common = [
      "--no-defaults",
      `--datadir=${datadir}`,
      ...(asRoot ? ["--user=root"] : []),
      "--skip-name-resolve",
      "--innodb-buffer-pool-size=32M",
      "--innodb-log-file-size=8M",
      // Durability is of no use to a server whose data is thrown away (and most of the start is fsyncs on a disk).
      "--innodb-flush-method=nosync",
      "--character-set-server=utf8mb4",
      "--collation-server=utf8mb4_uca1400_ai_ci",
    ];
    const setup = path.join(dir, "setup.sql");
    fs.writeFileSync(
      setup,
      [
        // Bootstrap runs without the grant tables loaded; CREATE USER needs them.
        "FLUSH PRIVILEGES;",
        `CREATE DATABASE \`${DATABASE}\`;`,
        `CREATE USER '${MASTER_USERNAME}'@'%' IDENTIFIED BY '${password}';`,
        `GRANT ALL PRIVILEGES ON *.* TO '${MASTER_USERNAME}'@'%' WITH GRANT OPTION;`,
        "",
      ].join("\n"),
      { mode: 0o600 },
    );
    await run(bins.installDb, [...common, "--auth-root-authentication-method=socket", "--skip-test-db", `--extra-file=${setup}`], {
      cwd: dir,
      owner: undefined,
    });
    fs.rmSync(setup);
    const running = await launchOnFreePort(dir, undefined, {
      name: "MariaDB",
      bin: bins.server,
      args: (port) => [
        ...common,
        `--port=${port}`,
        `--bind-address=${HOST}`,
        `--socket=${path.join(dir, "mysqld.sock")}`,
        `--pid-file=${path.join(dir, "mysqld.pid")}`,
        `--tmpdir=${dir}`,
        `--ssl-ca=${tls.caFile}`,
        `--ssl-cert=${tls.certFile}`,
        `--ssl-key=${tls.keyFile}`,
        "--require-secure-transport=ON",
        "--sql-mode=ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION",
        "--innodb-flush-log-at-trx-commit=0",
        "--innodb-doublewrite=0",
      ],
      ready: (log) => readText(log).includes("ready for connections"),
      // One process: nothing to leave behind, and its data is thrown away.
      stopSignal: "SIGKILL",
    });
    return server("mysql", running.port, password, tls.caPem, running.running);
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    throw err;
  }
}

/**
 * Starts a PostgreSQL server (Debian 12: 15) on 127.0.0.1 with ssl=on and a pg_hba.conf that lets TCP clients in
 * only over TLS with scram-sha-256 (no `host` or `hostnossl` line: a plain connection finds no entry). The admin user
 * is, like Aurora's master user, not a superuser: LOGIN CREATEROLE CREATEDB, and owner of the application database.
 * The harness makes it as the bootstrap superuser `postgres` through the unix socket in the temporary directory (the
 * one `local` line). Run as root, the server and initdb run as the `postgres` system user, which owns the directory.
 */
export async function startPostgres(): Promise<TestServer> {
  const bins = postgresBinaries();
  if (bins === undefined) throw new Error("PostgreSQL is not installed: apt-get install postgresql (see .ci/run)");
  const owner = isRoot() ? systemUser("postgres") : undefined;
  const dir = makeDir("postgres", owner);
  try {
    const tls = await writeCertificates(dir, owner);
    const password = randomBytes(16).toString("hex");
    const datadir = path.join(dir, "data");
    await run(
      bins.initdb,
      [
        "--no-sync",
        "--no-instructions",
        `--pgdata=${datadir}`,
        "--username=postgres",
        "--auth=trust",
        "--encoding=UTF8",
        "--locale=C.UTF-8",
      ],
      { cwd: dir, owner },
    );
    fs.writeFileSync(
      path.join(datadir, "pg_hba.conf"),
      [
        "# Written by test/db/servers.ts: TCP only over TLS with SCRAM; the socket (in a directory of mode 0700) for the harness's setup.",
        "local   all  postgres                trust",
        `hostssl all  all       ${HOST}/32  scram-sha-256`,
        "",
      ].join("\n"),
    );
    const running = await launchOnFreePort(dir, owner, {
      name: "PostgreSQL",
      bin: bins.postgres,
      args: (port) => [
        "-D",
        datadir,
        "-p",
        String(port),
        "-h",
        HOST,
        "-k",
        dir,
        "-c",
        "ssl=on",
        "-c",
        `ssl_cert_file=${tls.certFile}`,
        "-c",
        `ssl_key_file=${tls.keyFile}`,
        "-c",
        "password_encryption=scram-sha-256",
        "-c",
        "shared_buffers=32MB",
        // Durability is of no use to a server whose data is thrown away.
        "-c",
        "fsync=off",
        "-c",
        "synchronous_commit=off",
        "-c",
        "full_page_writes=off",
      ],
      // Line 8 of postmaster.pid is the postmaster's status, "ready" once it accepts connections (what pg_ctl waits for).
      ready: () => readText(path.join(datadir, "postmaster.pid")).split("\n")[7]?.trim() === "ready",
      // Immediate shutdown: the postmaster kills its children and waits for them (SIGKILL would leave them to init).
      stopSignal: "SIGQUIT",
    });
    try {
      const client = new Client({ host: dir, port: running.port, user: "postgres", database: "postgres" });
      await client.connect();
      try {
        await client.query(`CREATE ROLE ${MASTER_USERNAME} LOGIN CREATEROLE CREATEDB PASSWORD '${password}'`);
        await client.query(`CREATE DATABASE ${DATABASE} OWNER ${MASTER_USERNAME}`);
      } finally {
        await client.end();
      }
    } catch (err) {
      await stopRunning(running.running);
      throw err;
    }
    return server("postgres", running.port, password, tls.caPem, running.running);
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    throw err;
  }
}

/** Builds the TestServer of a running server; stop() kills it and removes its directory. */
function server(engine: TestServer["engine"], port: number, password: string, ca: string, running: Running): TestServer {
  return {
    engine,
    host: HOST,
    port,
    masterUsername: MASTER_USERNAME,
    masterPassword: password,
    database: DATABASE,
    ca,
    stop: () => stopRunning(running),
  };
}

/** The MariaDB server and mariadb-install-db, or undefined if either is missing. */
function mariaDbBinaries(): { server: string; installDb: string } | undefined {
  const server = findBinary("mariadbd", SEARCH_PATH);
  const installDb = findBinary("mariadb-install-db", SEARCH_PATH);
  return server !== undefined && installDb !== undefined ? { server, installDb } : undefined;
}

/** The postgres server and initdb of the newest /usr/lib/postgresql/N/bin (Debian's layout; not on PATH), else of PATH. */
function postgresBinaries(): { postgres: string; initdb: string } | undefined {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const dirs = [...versions.map((v) => path.join(root, v, "bin")), ...SEARCH_PATH];
  const postgres = findBinary("postgres", dirs);
  const initdb = postgres === undefined ? undefined : findBinary("initdb", [path.dirname(postgres)]);
  return postgres !== undefined && initdb !== undefined ? { postgres, initdb } : undefined;
}

/** The first executable file called `name` in `dirs`. */
function findBinary(name: string, dirs: readonly string[]): string | undefined {
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Whether this process runs as root (Postgres then runs as its system user; MariaDB with --user=root). */
function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** The uid and gid of a system user, from /etc/passwd (the Debian packages create `postgres` there). */
function systemUser(name: string): Owner {
  const line = fs
    .readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}:`));
  if (line === undefined) throw new Error(`running as root, the server needs the system user ${name}, and /etc/passwd has none`);
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/** Makes the server's temporary directory (mode 0700), owned by `owner`; the first call also removes directories of dead processes. */
function makeDir(engine: TestServer["engine"], owner: Owner): string {
  sweepStale();
  const dir = fs.mkdtempSync(path.join(baseDir(), `${DIR_PREFIX}${engine}-${process.pid}-`));
  if (owner !== undefined) fs.chownSync(dir, owner.uid, owner.gid);
  return dir;
}

/**
 * Where the servers' directories go: /dev/shm when it is a writable tmpfs with room (a server's many fsyncs cost
 * nothing there: MariaDB's initialisation alone makes about a thousand, seconds on a busy disk), else the OS temp dir.
 */
function baseDir(): string {
  const shm = "/dev/shm";
  try {
    const stats = fs.statfsSync(shm);
    fs.accessSync(shm, fs.constants.W_OK);
    if (stats.bavail * stats.bsize >= SHM_NEEDED_BYTES) return shm;
  } catch {
    // no /dev/shm here
  }
  return os.tmpdir();
}

/** Removes the directories that servers of processes no longer alive left (a worker killed before its 'exit' handler ran). */
function sweepStale(): void {
  if (swept) return;
  swept = true;
  const pattern = new RegExp(`^${DIR_PREFIX}(?:mysql|postgres)-(\\d+)-`);
  for (const base of new Set([baseDir(), os.tmpdir()])) {
    for (const entry of fs.readdirSync(base)) {
      const pid = pattern.exec(entry)?.[1];
      if (pid === undefined || isAlive(Number(pid))) continue;
      fs.rmSync(path.join(base, entry), { recursive: true, force: true, maxRetries: 3 });
    }
  }
}

/** Whether a process exists (EPERM: it does, as another user's). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Writes with openssl a CA and a server certificate signed by it, for CN 127.0.0.1 and SAN 127.0.0.1, ::1 and
 * localhost (P-256 keys: quick to make), valid for two days. Returns the files and the CA's PEM.
 */
async function writeCertificates(dir: string, owner: Owner): Promise<{ caFile: string; certFile: string; keyFile: string; caPem: string }> {
  const config = path.join(dir, "tls.cnf");
  fs.writeFileSync(
    config,
    [
      "[req]",
      "distinguished_name = dn",
      "prompt = no",
      "[dn]",
      "CN = unused",
      "[ca]",
      "basicConstraints = critical, CA:TRUE",
      "keyUsage = critical, keyCertSign, cRLSign",
      "subjectKeyIdentifier = hash",
      "[server]",
      "basicConstraints = critical, CA:FALSE",
      "keyUsage = critical, digitalSignature, keyEncipherment",
      "extendedKeyUsage = serverAuth",
      `subjectAltName = IP:${HOST}, IP:::1, DNS:localhost`,
      "subjectKeyIdentifier = hash",
      "authorityKeyIdentifier = keyid",
      "",
    ].join("\n"),
  );
  const caFile = path.join(dir, "ca.pem");
  const caKey = path.join(dir, "ca.key");
  const certFile = path.join(dir, "server.pem");
  const keyFile = path.join(dir, "server.key");
  const newKey = ["-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-config", config];
  await run("openssl", ["req", ...newKey, "-extensions", "ca", "-subj", "/CN=db-test CA", "-keyout", caKey, "-out", caFile], {
    cwd: dir,
    owner: undefined,
  });
  await run(
    "openssl",
    [
      "req",
      ...newKey,
      "-extensions",
      "server",
      "-subj",
      `/CN=${HOST}`,
      "-CA",
      caFile,
      "-CAkey",
      caKey,
      "-keyout",
      keyFile,
      "-out",
      certFile,
    ],
    { cwd: dir, owner: undefined },
  );
  fs.rmSync(caKey);
  // Postgres wants its key readable by no one else (0600) and owned by the user it runs as.
  fs.chmodSync(keyFile, 0o600);
  if (owner !== undefined) for (const file of [config, caFile, certFile, keyFile]) fs.chownSync(file, owner.uid, owner.gid);
  return { caFile, certFile, keyFile, caPem: fs.readFileSync(caFile, "utf8") };
}

/** Runs a command to completion as `owner`; rejects with its output if it fails. */
function run(command: string, args: readonly string[], options: { cwd: string; owner: Owner }): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: options.cwd, env: CHILD_ENV, ...options.owner, timeout: START_TIMEOUT_MS }, (err, stdout, stderr) => {
      if (err === null) return resolve();
      reject(new Error(`${path.basename(command)} failed (${err.message.split("\n")[0]}):\n${tailOf(`${stdout}${stderr}`)}`));
    });
  });
}

/** A TCP port free on 127.0.0.1 now (the kernel's choice); the server may still lose it to another process, see launchOnFreePort. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Launches a server on a free port and waits until `ready`; if another process took the port meanwhile ("Address
 * already in use" in the log), tries again with another, up to PORT_ATTEMPTS times.
 */
async function launchOnFreePort(dir: string, owner: Owner, command: ServerCommand): Promise<{ port: number; running: Running }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const running = launch(command, command.args(port), dir, owner);
    try {
      await waitUntilReady(running, command.ready);
      return { port, running };
    } catch (err) {
      await stopRunning(running, false);
      if (attempt >= PORT_ATTEMPTS || !readText(running.log).includes("Address already in use")) throw err;
    }
  }
}

/**
 * Spawns a server as `owner`, detached (its own process group, killed as a whole), its output in the directory's
 * server.log, through `setpriv --pdeathsig KILL` when setpriv exists: the kernel kills the server if this process dies.
 */
function launch(command: ServerCommand, args: readonly string[], dir: string, owner: Owner): Running {
  const live = liveServers();
  const log = path.join(dir, "server.log");
  const out = fs.openSync(log, "w");
  const setpriv = findBinary("setpriv", SEARCH_PATH);
  const [file, argv] = setpriv !== undefined ? [setpriv, ["--pdeathsig", "KILL", "--", command.bin, ...args]] : [command.bin, [...args]];
  let child: ChildProcess;
  try {
    child = spawn(file, argv, { cwd: dir, env: CHILD_ENV, detached: true, stdio: ["ignore", out, out], ...owner });
  } finally {
    fs.closeSync(out);
  }
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", () => resolve());
  });
  child.unref();
  const running: Running = { name: command.name, child, dir, log, exited, stopSignal: command.stopSignal };
  live.add(running);
  return running;
}

/** Polls until `ready`; rejects with the log's tail if the server exits first or is not ready within START_TIMEOUT_MS. */
async function waitUntilReady(running: Running, ready: (log: string) => boolean): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (hasExited(running.child)) {
      const how = running.child.signalCode ?? `code ${running.child.exitCode ?? "unknown (could not be started)"}`;
      throw new Error(`${running.name} exited while starting (${how}). Tail of ${running.log}:\n${tailOf(readText(running.log))}`);
    }
    if (ready(running.log)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${running.name} did not start within ${START_TIMEOUT_MS / 1000} s. Tail of ${running.log}:\n${tailOf(readText(running.log))}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Stops a server: its stop signal, then SIGKILL to its process group once the leader exited (or after 5 s), and, unless
 * `removeDir` is false, removes its directory.
 */
async function stopRunning(running: Running, removeDir = true): Promise<void> {
  running.child.ref(); // an unref'd child would let Node exit before its 'exit' event
  if (!hasExited(running.child)) {
    try {
      process.kill(running.child.pid as number, running.stopSignal);
    } catch {
      // exited meanwhile
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([running.exited, new Promise((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)))]);
    clearTimeout(timer);
  }
  killGroup(running);
  await running.exited;
  liveServers().delete(running);
  if (removeDir) fs.rmSync(running.dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Sends SIGKILL to a server's process group (its leader's pid), if there still is one. */
function killGroup(running: Running): void {
  const pid = running.child.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // the group is gone already
  }
}

/** Whether a child process has exited or could not be spawned. */
function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
}

/**
 * The servers started and not yet stopped in this process; the first call registers the process 'exit' handler that
 * kills them and removes their directories. Both live on the real `process`: jest gives each test file a copy of it
 * whose events never fire (and a fresh copy of this module), so they go to the `process` of Node's own realm, reached
 * through a function made by a core module's Function constructor (outside jest, the same object).
 */
function liveServers(): Set<Running> {
  const realProcess = (fs.readFileSync.constructor as FunctionConstructor)("return process")() as NodeJS.Process;
  const holder = realProcess as unknown as Record<symbol, Set<Running> | undefined>;
  const existing = holder[LIVE_KEY];
  if (existing !== undefined) return existing;
  const live = new Set<Running>();
  holder[LIVE_KEY] = live;
  realProcess.on("exit", () => {
    for (const running of live) {
      killGroup(running);
      fs.rmSync(running.dir, { recursive: true, force: true, maxRetries: 3 });
    }
    live.clear();
  });
  return live;
}

/** A file's text, or "" if it does not exist (yet). */
function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** The last 30 lines of a text, for error messages. */
function tailOf(text: string): string {
  return text.trimEnd().split("\n").slice(-30).join("\n");
}
