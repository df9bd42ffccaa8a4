import { ConfigError } from "./errors";
import { ConfigReader } from "./reader";

/** The compute layer's settings. */
export interface ComputeConfig {
  /** The port the container listens on; target groups and security groups follow it. */
  readonly containerPort: number;
  /** Scaling minimum (tasks). */
  readonly minTasks: number;
  /** Scaling maximum (tasks). */
  readonly maxTasks: number;
}

export function readComputeConfig(r: ConfigReader): ComputeConfig {
  const containerPort = r.integer("containerPort", {
    doc: "The port the API container listens on.",
    default: 8080,
    min: 1024,
    max: 65535,
  });
  const minTasks = r.integer("minTasks", { doc: "Scaling minimum, in tasks.", default: 3, min: 1, max: 1000 });
  const maxTasks = r.integer("maxTasks", { doc: "Scaling maximum, in tasks.", default: 10, min: 1, max: 1000 });
  if (maxTasks < minTasks) {
    throw new ConfigError("maxTasks", maxTasks, `an integer of at least minTasks (${minTasks})`);
  }
  return { containerPort, minTasks, maxTasks };
}
