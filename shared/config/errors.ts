/** The config namespace every layer of the platform reads. */
export const CONFIG_NAMESPACE = "platform";

/**
 * An invalid configuration value. The message names the full key, the value
 * that was given and what is allowed, e.g.
 * `platform:backupRetentionDays is 0; expected an integer from 1 to 35`.
 */
export class ConfigError extends Error {
  constructor(
    public readonly key: string,
    public readonly value: unknown,
    public readonly allowed: string,
  ) {
    super(`${qualify(key)} is ${describe(value)}; expected ${allowed}`);
    this.name = "ConfigError";
  }
}

/** `environmentSuffix` -> `platform:environmentSuffix`; keys of other namespaces stay as they are. */
export function qualify(key: string): string {
  return key.includes(":") ? key : `${CONFIG_NAMESPACE}:${key}`;
}

function describe(value: unknown): string {
  if (value === undefined) return "not set";
  if (typeof value === "string") return JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}
