import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The ECR lifecycle policy that expires every image but the newest `keep`, tagged or not. */
export function lifecyclePolicy(keep: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Keep the ${keep} most recent images`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep },
        action: { type: "expire" },
      },
    ],
  });
}

export interface ImageRepositoryArgs {
  /** The repository's name. */
  readonly repositoryName: string;
  /** How many images the lifecycle policy keeps, tagged or not (the newest). */
  readonly imagesToKeep: number;
  /**
   * Delete the repository with its images on destroy.
   * @default false (a repository with images survives a destroy)
   */
  readonly forceDelete?: boolean;
}

/**
 * The API's ECR repository: immutable tags (a tag always names the same
 * image, so a rollback redeploys exactly what ran), scan on push, the
 * newest `imagesToKeep` images kept, and deleted with its images when
 * `forceDelete` says so.
 */
export class ImageRepository extends pulumi.ComponentResource {
  public readonly arn: pulumi.Output<string>;
  public readonly url: pulumi.Output<string>;

  constructor(name: string, args: ImageRepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:ImageRepository", name, {}, opts);
    const repository = new aws.ecr.Repository(
      `${name}-repository`,
      {
        name: args.repositoryName,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "AES256" }],
        forceDelete: args.forceDelete ?? false,
      },
      { parent: this },
    );
    new aws.ecr.LifecyclePolicy(
      `${name}-lifecycle`,
      { repository: repository.name, policy: lifecyclePolicy(args.imagesToKeep) },
      { parent: this },
    );

    this.arn = repository.arn;
    this.url = repository.repositoryUrl;
    this.registerOutputs({ arn: this.arn, url: this.url });
  }
}
