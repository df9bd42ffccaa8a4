/*
 * The few Secrets Manager calls the two functions make, behind an interface
 * the tests implement in memory. The adapter below maps them onto the AWS SDK
 * v3 client the Lambda Node.js runtime includes.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html
 */
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";

/** Which version of a secret to read: a staging label, or a version id with the label it must carry. */
export interface VersionSelector {
  readonly versionStage: string;
  readonly versionId?: string;
}

export interface SecretStore {
  /** The secret string of a version, or `undefined` when no version matches (ResourceNotFoundException). */
  getSecretString(secretId: string, version?: VersionSelector): Promise<string | undefined>;
  /** Stores a new version with the given staging labels; `token` is its version id, idempotently. */
  putSecretString(secretId: string, token: string, secretString: string, stages: readonly string[]): Promise<void>;
  /** Whether rotation is on, and each version's staging labels. */
  describe(
    secretId: string,
  ): Promise<{ readonly rotationEnabled: boolean; readonly versions: Readonly<Record<string, readonly string[]>> }>;
  /** Moves a staging label onto a version, off another. */
  moveStage(secretId: string, stage: string, toVersion: string, fromVersion: string | undefined): Promise<void>;
  /** A new random password. */
  randomPassword(): Promise<string>;
}

/**
 * Characters left out of generated passwords: those AWS's own RDS rotation
 * functions exclude (`/`, `@`, `"`, `'`, `\`), which RDS refuses in passwords or
 * which break connection strings.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.Constraints
 */
export const EXCLUDED_PASSWORD_CHARACTERS = "/@\"'\\";

/** Long enough for any brute force, short enough for MySQL's and PostgreSQL's limits. */
export const PASSWORD_LENGTH = 32;

/** The store over the AWS SDK client. */
export function secretsManagerStore(client: Pick<SecretsManagerClient, "send">): SecretStore {
  return {
    async getSecretString(secretId, version) {
      try {
        const out = await client.send(
          new GetSecretValueCommand({ SecretId: secretId, VersionStage: version?.versionStage, VersionId: version?.versionId }),
        );
        return out.SecretString;
      } catch (error) {
        if (error instanceof ResourceNotFoundException) return undefined;
        throw error;
      }
    },
    async putSecretString(secretId, token, secretString, stages) {
      await client.send(
        new PutSecretValueCommand({
          SecretId: secretId,
          ClientRequestToken: token,
          SecretString: secretString,
          VersionStages: [...stages],
        }),
      );
    },
    async describe(secretId) {
      const out = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
      return { rotationEnabled: out.RotationEnabled === true, versions: out.VersionIdsToStages ?? {} };
    },
    async moveStage(secretId, stage, toVersion, fromVersion) {
      await client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: secretId,
          VersionStage: stage,
          MoveToVersionId: toVersion,
          RemoveFromVersionId: fromVersion,
        }),
      );
    },
    async randomPassword() {
      const out = await client.send(
        new GetRandomPasswordCommand({ PasswordLength: PASSWORD_LENGTH, ExcludeCharacters: EXCLUDED_PASSWORD_CHARACTERS }),
      );
      return out.RandomPassword as string;
    },
  };
}
