/**
 * The cache connection secret: its JSON keys and the environment variable
 * the compute layer injects each as. One table, so the data layer (which
 * writes the secret) and the compute layer (which reads it) cannot drift.
 * Every value is a string, as ECS injects them.
 */
export const CACHE_SECRET_ENV = {
  /** The configuration endpoint: cluster-mode clients discover every shard from it. */
  host: "REDIS_HOST",
  port: "REDIS_PORT",
  /** The AUTH token (TLS is required, so clients connect with TLS and this password). */
  authToken: "REDIS_AUTH_TOKEN",
  /** `rediss://:<token>@<host>:<port>`, for clients configured by URL. */
  url: "REDIS_URL",
} as const;

export type CacheSecretKey = keyof typeof CACHE_SECRET_ENV;

/** The JSON keys of the cache connection secret, in `CACHE_SECRET_ENV` order. */
export const CACHE_SECRET_KEYS = Object.keys(CACHE_SECRET_ENV) as CacheSecretKey[];

/** The TLS URL of the cache, with the token as the password of the default user (percent-encoded, though generated tokens need none). */
export function cacheUrl(host: string, port: number, authToken: string): string {
  return `rediss://:${encodeURIComponent(authToken)}@${host}:${port}`;
}

/** The secret's JSON document. */
export function cacheSecretDocument(host: string, port: number, authToken: string): Record<CacheSecretKey, string> {
  return { host, port: String(port), authToken, url: cacheUrl(host, port, authToken) };
}
