import type * as aws from "@pulumi/aws";
import { CACHE_SECRET_ENV, CACHE_SECRET_KEYS, ecrRepositoryOf, ImageSource, secretEnvName, XRAY_DAEMON_SIZE } from "../../shared";

/** The container's name in the task definition; the load balancer block of the service names it too. */
export const CONTAINER_NAME = "api";

/**
 * The tag the task definition names while no image is configured. The
 * service runs zero tasks then, so nothing ever pulls it; it is not
 * `latest`, and the immutable repository never gets it by accident.
 */
export const UNCONFIGURED_TAG = "no-image-configured";

/** The image the task definition runs, for a repository URL. */
export function imageReference(source: ImageSource, repositoryUrl: string): string {
  switch (source.kind) {
    case "tag":
      return `${repositoryUrl}:${source.tag}`;
    case "digest":
      return `${repositoryUrl}@${source.digest}`;
    case "uri":
      return source.uri;
    case "none":
      return `${repositoryUrl}:${UNCONFIGURED_TAG}`;
  }
}

/** The ECR repositories (ARN and region) the execution role must pull from. */
export function pullRepositories(
  source: ImageSource,
  own: { readonly arn: string; readonly region: string },
  partition: string,
): { arn: string; region: string }[] {
  const ecr = source.kind === "uri" ? ecrRepositoryOf(source.uri) : undefined;
  const other = ecr ? [{ arn: `arn:${partition}:ecr:${ecr.region}:${ecr.account}:repository/${ecr.repository}`, region: ecr.region }] : [];
  return [own, ...other];
}

/** One container secret: an environment variable filled by ECS from Secrets Manager or Parameter Store. */
export interface ContainerSecret {
  readonly name: string;
  readonly valueFrom: string;
}

/** A JSON key of a Secrets Manager secret, as `valueFrom`: `<secretArn>:<jsonKey>::` (current version). */
export function secretKeyRef(secretArn: string, jsonKey: string): string {
  return `${secretArn}:${jsonKey}::`;
}

/** The secret ARN of a `valueFrom` that names a JSON key; the ARN itself for a parameter. */
export function secretArnOf(valueFrom: string): string {
  const m = /^(arn:[^:]+:secretsmanager:[^:]+:\d{12}:secret:[^:]+):[^:]*:[^:]*:[^:]*$/.exec(valueFrom);
  return m ? m[1] : valueFrom;
}

export interface SecretsArgs {
  /**
   * The data layer's application database user secret, rotated with alternating users (JSON keys `username`,
   * `password`, and the connection's). Never the master user's secret: the application has its own user.
   */
  readonly dbAppUserSecretArn: string;
  /** The data layer's application secret. */
  readonly appSecretArn: string;
  readonly appSecretKeys: readonly string[];
  /** The data layer's cache connection secret, when the system has a cache. */
  readonly cacheSecretArn?: string;
  /** Parameter Store parameters by environment variable. */
  readonly parameters: readonly { readonly env: string; readonly arn: string }[];
}

/**
 * The data layer's cache secret when the system has a cache. `cache` on with
 * a data stack that exports no cache secret (deployed with `cache: false`)
 * fails naming the fix; a cache the config does not ask for is not injected.
 */
export function cacheSecretFor(cache: boolean, cacheSecretArn: string | undefined, dataStack: string): string | undefined {
  if (!cache) return undefined;
  if (cacheSecretArn === undefined || cacheSecretArn === "") {
    throw new Error(
      `the data stack ${dataStack} exports no cacheSecretArn: set platform:cache to true on it too and run its update before the compute layer's`,
    );
  }
  return cacheSecretArn;
}

/**
 * The container's `secrets`: the application database user's credentials,
 * application secret keys and the cache connection (when there is a cache)
 * from Secrets Manager, then the non-secret configuration from Parameter
 * Store, each by its full ARN. Each `<arn>:<key>::` names the secret's
 * current version, which ECS resolves when a task starts.
 */
export function containerSecrets(a: SecretsArgs): ContainerSecret[] {
  const cacheArn = a.cacheSecretArn;
  return [
    { name: "DB_USERNAME", valueFrom: secretKeyRef(a.dbAppUserSecretArn, "username") },
    { name: "DB_PASSWORD", valueFrom: secretKeyRef(a.dbAppUserSecretArn, "password") },
    ...a.appSecretKeys.map((key) => ({ name: secretEnvName(key), valueFrom: secretKeyRef(a.appSecretArn, key) })),
    ...(cacheArn === undefined
      ? []
      : CACHE_SECRET_KEYS.map((key) => ({ name: CACHE_SECRET_ENV[key], valueFrom: secretKeyRef(cacheArn, key) }))),
    ...a.parameters.map((p) => ({ name: p.env, valueFrom: p.arn })),
  ];
}

export interface ContainerArgs {
  readonly image: string;
  readonly containerPort: number;
  readonly secrets: readonly ContainerSecret[];
  readonly logGroupName: string;
  readonly region: string;
  readonly stopTimeoutSeconds: number;
  /** With X-Ray tracing: the name the API's segments carry, which the sampling rule matches. */
  readonly tracingName?: string;
}

/** The awslogs settings of a container of the task: the API's log group, one stream per container and task. */
function awsLogs(logGroupName: string, region: string, streamPrefix: string): aws.ecs.LogConfiguration {
  return {
    logDriver: "awslogs",
    options: {
      "awslogs-group": logGroupName,
      "awslogs-region": region,
      "awslogs-stream-prefix": streamPrefix,
      mode: "non-blocking",
      "max-buffer-size": "25m",
    },
  };
}

/**
 * The API container: one essential container, its port, injected secrets,
 * awslogs and a graceful stop. With tracing, it also gets the daemon's
 * address and its segment name as plain environment variables (neither is
 * secret), and starts after the daemon so its first segments are not lost.
 */
export function apiContainer(a: ContainerArgs): aws.ecs.ContainerDefinition {
  return {
    name: CONTAINER_NAME,
    image: a.image,
    essential: true,
    portMappings: [{ containerPort: a.containerPort, protocol: "tcp" }],
    secrets: a.secrets.map((s) => ({ name: s.name, valueFrom: s.valueFrom })),
    ...(a.tracingName === undefined
      ? {}
      : {
          environment: [
            { name: "AWS_XRAY_DAEMON_ADDRESS", value: XRAY_DAEMON_ADDRESS },
            { name: "AWS_XRAY_TRACING_NAME", value: a.tracingName },
          ],
          dependsOn: [{ containerName: XRAY_CONTAINER_NAME, condition: "START" }],
        }),
    logConfiguration: awsLogs(a.logGroupName, a.region, CONTAINER_NAME),
    stopTimeout: a.stopTimeoutSeconds,
    linuxParameters: { initProcessEnabled: true },
  };
}

/** The X-Ray daemon sidecar's container name; also its log stream prefix. */
export const XRAY_CONTAINER_NAME = "xray-daemon";

/**
 * The X-Ray daemon image, pinned to a release (public ECR publishes each
 * release as `<version>` besides the moving `latest` and `3.x`). Upgrading
 * is a deliberate change here, like any other image.
 */
export const XRAY_DAEMON_IMAGE = "public.ecr.aws/xray/aws-xray-daemon:3.3.15";

/** The daemon's port: UDP for segments, TCP for the SDK's sampling rule requests. */
export const XRAY_DAEMON_PORT = 2000;

/** Where the API reaches the daemon: tasks in awsvpc mode share one network namespace, so the daemon is on localhost. */
export const XRAY_DAEMON_ADDRESS = `127.0.0.1:${XRAY_DAEMON_PORT}`;

/**
 * The X-Ray daemon sidecar. Not essential: a failing daemon costs traces,
 * never a payment, so it must not stop the task (and with it the API's
 * in-flight requests); ECS restarts it in place instead. A small CPU share,
 * a soft memory reservation and a hard limit that keeps it from starving
 * the API; logs go to the API's log group under their own stream prefix.
 */
export function xrayDaemonContainer(a: { readonly logGroupName: string; readonly region: string }): aws.ecs.ContainerDefinition {
  return {
    name: XRAY_CONTAINER_NAME,
    image: XRAY_DAEMON_IMAGE,
    essential: false,
    cpu: XRAY_DAEMON_SIZE.cpu,
    memoryReservation: XRAY_DAEMON_SIZE.memoryReservationMiB,
    memory: XRAY_DAEMON_SIZE.memoryMiB,
    portMappings: [{ containerPort: XRAY_DAEMON_PORT, protocol: "udp" }],
    restartPolicy: { enabled: true },
    logConfiguration: awsLogs(a.logGroupName, a.region, XRAY_CONTAINER_NAME),
  };
}
