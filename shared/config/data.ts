import { ConfigReader } from "./reader";

export type DatabaseEngine = "aurora-mysql" | "aurora-postgresql";

/** The port each engine listens on; the network layer opens it from the service group. */
export const ENGINE_PORTS: Readonly<Record<DatabaseEngine, number>> = {
  "aurora-mysql": 3306,
  "aurora-postgresql": 5432,
};

/** The data layer's settings. */
export interface DataConfig {
  readonly engine: DatabaseEngine;
  /** The engine's port, derived from `engine`. */
  readonly port: number;
}

export function readDataConfig(r: ConfigReader): DataConfig {
  const engine = r.oneOf<DatabaseEngine>("databaseEngine", ["aurora-mysql", "aurora-postgresql"], {
    doc: "The Aurora engine: MySQL 8.0 compatible (order API) or PostgreSQL compatible.",
    default: "aurora-mysql",
  });
  return { engine, port: ENGINE_PORTS[engine] };
}
