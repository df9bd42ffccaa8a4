// An in-memory Secrets Manager for the database user functions: versions with
// staging labels as Secrets Manager keeps them (one AWSCURRENT; storing a new
// AWSCURRENT or moving the label leaves AWSPREVIOUS on the version it left),
// and a rotation driver that calls the four steps in Secrets Manager's order.
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_how.html
import { randomBytes, randomUUID } from "crypto";
import { SecretStore } from "../../stacks/data/dbUser/secretStore";
import { rotate, ROTATION_STEPS } from "../../stacks/data/dbUser/rotation";
import { Endpoint } from "../../stacks/data/dbUser/connect";
import { Connect } from "../../stacks/data/dbUser/users";

interface Version {
  /** Undefined for the version RotateSecret stages before createSecret stores its value. */
  text: string | undefined;
  stages: string[];
}

export class FakeSecretStore implements SecretStore {
  readonly secrets = new Map<string, Map<string, Version>>();
  readonly rotationEnabled = new Set<string>();
  /** Every call, `<method> <secret id>`, for tests that assert what was (not) touched. */
  readonly calls: string[] = [];

  /** Stores a secret's first value (AWSCURRENT), as RDS does for the master secret. */
  seed(secretId: string, value: unknown): void {
    this.secrets.set(secretId, new Map([[randomUUID(), { text: JSON.stringify(value), stages: ["AWSCURRENT"] }]]));
  }

  private versions(secretId: string): Map<string, Version> {
    const found = this.secrets.get(secretId) ?? new Map<string, Version>();
    this.secrets.set(secretId, found);
    return found;
  }

  /** The parsed value of the version with a stage. */
  value(secretId: string, stage = "AWSCURRENT"): Record<string, unknown> | undefined {
    const version = [...this.versions(secretId).values()].find((v) => v.stages.includes(stage));
    return version?.text === undefined ? undefined : (JSON.parse(version.text) as Record<string, unknown>);
  }

  getSecretString(secretId: string, version?: { versionStage: string; versionId?: string }): Promise<string | undefined> {
    this.calls.push(`get ${secretId}`);
    const stage = version?.versionStage ?? "AWSCURRENT";
    const found = [...this.versions(secretId).entries()].find(
      ([id, v]) => v.text !== undefined && v.stages.includes(stage) && (version?.versionId === undefined || version.versionId === id),
    );
    return Promise.resolve(found?.[1].text);
  }

  putSecretString(secretId: string, token: string, secretString: string, stages: readonly string[]): Promise<void> {
    this.calls.push(`put ${secretId}`);
    const versions = this.versions(secretId);
    for (const stage of stages) this.detach(secretId, stage, token);
    versions.set(token, { text: secretString, stages: [...stages] });
    return Promise.resolve();
  }

  /** Takes a label off every version; AWSCURRENT leaves AWSPREVIOUS behind. */
  private detach(secretId: string, stage: string, except: string): void {
    for (const [id, v] of this.versions(secretId)) {
      if (id === except || !v.stages.includes(stage)) continue;
      v.stages = v.stages.filter((s) => s !== stage);
      if (stage === "AWSCURRENT") {
        this.detach(secretId, "AWSPREVIOUS", id);
        v.stages.push("AWSPREVIOUS");
      }
    }
  }

  describe(secretId: string) {
    this.calls.push(`describe ${secretId}`);
    const versions = Object.fromEntries([...this.versions(secretId)].map(([id, v]) => [id, [...v.stages]]));
    return Promise.resolve({ rotationEnabled: this.rotationEnabled.has(secretId), versions });
  }

  moveStage(secretId: string, stage: string, toVersion: string, fromVersion: string | undefined): Promise<void> {
    this.calls.push(`move ${secretId}`);
    const versions = this.versions(secretId);
    const from = fromVersion === undefined ? undefined : versions.get(fromVersion);
    if (fromVersion !== undefined && !from?.stages.includes(stage)) throw new Error(`version ${fromVersion} does not have ${stage}`);
    this.detach(secretId, stage, toVersion);
    const to = versions.get(toVersion);
    if (to === undefined) throw new Error(`no version ${toVersion}`);
    if (!to.stages.includes(stage)) to.stages.push(stage);
    return Promise.resolve();
  }

  randomPassword(): Promise<string> {
    this.calls.push("randomPassword");
    return Promise.resolve(randomBytes(24).toString("base64url"));
  }

  /**
   * One rotation as Secrets Manager runs it: a new version id staged AWSPENDING
   * with no value yet, then the four steps in order; Secrets Manager takes
   * AWSPENDING off once the version is current.
   */
  async rotate(secretId: string, schemaChanges: boolean, connectTo: (endpoint: Endpoint) => Connect): Promise<void> {
    this.rotationEnabled.add(secretId);
    const token = randomUUID();
    this.versions(secretId).set(token, { text: undefined, stages: ["AWSPENDING"] });
    for (const Step of ROTATION_STEPS)
      await rotate({ SecretId: secretId, ClientRequestToken: token, Step }, schemaChanges, this, connectTo);
    const version = this.versions(secretId).get(token);
    if (version !== undefined) version.stages = version.stages.filter((s) => s !== "AWSPENDING");
  }
}
