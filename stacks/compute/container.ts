import * as aws from "@pulumi/aws";
import { ecrRepositoryOf, ImageSource, secretEnvName } from "../../shared";

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
  /** The data layer's RDS-managed master secret (JSON keys `username`, `password`). */
  readonly masterSecretArn: string;
  /** The data layer's application secret. */
  readonly appSecretArn: string;
  readonly appSecretKeys: readonly string[];
  /** Parameter Store parameters by environment variable. */
  readonly parameters: readonly { readonly env: string; readonly arn: string }[];
}

/**
 * The container's `secrets`: database credentials and application secret
 * keys from Secrets Manager, then the non-secret configuration from
 * Parameter Store, each by its full ARN.
 */
export function containerSecrets(a: SecretsArgs): ContainerSecret[] {
  return [
    { name: "DB_USERNAME", valueFrom: secretKeyRef(a.masterSecretArn, "username") },
    { name: "DB_PASSWORD", valueFrom: secretKeyRef(a.masterSecretArn, "password") },
    ...a.appSecretKeys.map((key) => ({ name: secretEnvName(key), valueFrom: secretKeyRef(a.appSecretArn, key) })),
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
}

/** The API container: one essential container, its port, injected secrets, awslogs and a graceful stop. */
export function apiContainer(a: ContainerArgs): aws.ecs.ContainerDefinition {
  return {
    name: CONTAINER_NAME,
    image: a.image,
    essential: true,
    portMappings: [{ containerPort: a.containerPort, protocol: "tcp" }],
    secrets: a.secrets.map((s) => ({ name: s.name, valueFrom: s.valueFrom })),
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": a.logGroupName,
        "awslogs-region": a.region,
        "awslogs-stream-prefix": CONTAINER_NAME,
        mode: "non-blocking",
        "max-buffer-size": "25m",
      },
    },
    stopTimeout: a.stopTimeoutSeconds,
    linuxParameters: { initProcessEnabled: true },
  };
}
