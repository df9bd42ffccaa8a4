/*
 * The two secrets' JSON. The application user's secret has the shape of an
 * Amazon RDS secret for the alternating-users strategy: the user's
 * credentials, where to connect, and the ARN of the secret of the user that
 * may create and change users (`masterarn`).
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_secret_json_structure.html
 */
import { Credentials, Engine } from "./users";

/** The application user's secret. */
export interface AppUserSecret extends Credentials {
  readonly engine: Engine;
  readonly host: string;
  readonly port: number;
  readonly dbname: string;
  readonly masterarn: string;
}

const isText = (value: unknown): value is string => typeof value === "string" && value !== "";

/** Reads the application user's secret; `what` names it in the error when a key is missing. */
export function parseAppUserSecret(text: string, what: string): AppUserSecret {
  const value = parseObject(text, what);
  const missing = (["engine", "host", "dbname", "username", "password", "masterarn"] as const).filter((k) => !isText(value[k]));
  if (value.engine !== "mysql" && value.engine !== "postgres") missing.push("engine");
  if (!Number.isInteger(value.port)) missing.push("port" as never);
  if (missing.length > 0) throw new Error(`${what} lacks ${[...new Set(missing)].join(", ")} (expected the RDS alternating-users JSON)`);
  return value as unknown as AppUserSecret;
}

/** Reads the master user's secret (RDS-managed: `username`, `password`). */
export function parseMasterSecret(text: string, what: string): Credentials {
  const value = parseObject(text, what);
  if (!isText(value.username) || !isText(value.password)) throw new Error(`${what} is not JSON with "username" and "password"`);
  return { username: value.username, password: value.password };
}

function parseObject(text: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Reported below without the text: it holds a password.
  }
  throw new Error(`${what} is not a JSON object`);
}
