import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { APP_SECRET_KEYS } from "../../shared";

export interface AppSecretsArgs {
  /** The secret's name. */
  readonly secretName: string;
  /**
   * Encrypts the secret.
   * @default the AWS-managed `aws/secretsmanager` key
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

/**
 * The application secret: the payment provider's API key and webhook signing
 * secret as one JSON secret. The initial values come from `random` passwords,
 * generated once and kept in state, so every run produces the same value;
 * operators replace them with the provider's real ones (`put-secret-value`),
 * which Pulumi leaves alone. Deleted without a recovery window, so the name
 * is free again at once after a destroy.
 */
export class AppSecrets extends pulumi.ComponentResource {
  public readonly secretArn: pulumi.Output<string>;

  constructor(name: string, args: AppSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:AppSecrets", name, {}, opts);
    const secret = new aws.secretsmanager.Secret(
      `${name}-payment`,
      {
        name: args.secretName,
        description: "Payment provider API key and webhook signing secret of the order API",
        kmsKeyId: args.kmsKeyArn,
        recoveryWindowInDays: 0,
      },
      { parent: this },
    );
    const generated = (part: string, length: number) =>
      new random.RandomPassword(`${name}-${part}`, { length, special: false }, { parent: this });
    const apiKey = generated("payment-api-key", 48);
    const signingSecret = generated("payment-webhook-secret", 64);
    new aws.secretsmanager.SecretVersion(
      `${name}-payment-initial`,
      {
        secretId: secret.id,
        secretString: pulumi.jsonStringify({
          [APP_SECRET_KEYS[0]]: apiKey.result,
          [APP_SECRET_KEYS[1]]: signingSecret.result,
        }),
      },
      { parent: this },
    );

    this.secretArn = secret.arn;
    this.registerOutputs({ secretArn: this.secretArn });
  }
}
