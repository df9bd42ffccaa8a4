import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ImageSource } from "../../shared";
import { ContainerSecret, pullRepositories, secretArnOf } from "./container";
import { ecsInfrastructureTrust, ecsTasksTrust, executionPolicy, taskPolicy } from "./policies";

/** The AWS managed policy that lets ECS shift listener rules and target groups in blue/green deployments. */
export const INFRASTRUCTURE_POLICY = "AmazonECSInfrastructureRolePolicyForLoadBalancers";

/** The roles' names. */
export interface ServiceRoleNames {
  readonly execution: string;
  readonly task: string;
  readonly infrastructure: string;
}

export interface ServiceRolesArgs {
  readonly names: ServiceRoleNames;
  readonly region: string;
  /** Where the image comes from: the execution role may pull from that repository only. */
  readonly image: ImageSource;
  /** The application's Parameter Store path, e.g. `/orders/dev`, which the task role may read. */
  readonly configurationPath: string;
  /** The CloudWatch namespace the task role may publish to. */
  readonly metricsNamespace: string;
  /**
   * The key that encrypts the injected secrets; the execution role may decrypt with it.
   * @default none (AWS-managed keys)
   */
  readonly kmsKeyArn?: pulumi.Input<string | undefined>;
  /**
   * ECS Exec permissions on the task role.
   * @default false
   */
  readonly ecsExec?: boolean;
  /**
   * The X-Ray daemon's permissions on the task role.
   * @default false
   */
  readonly xray?: boolean;
  readonly repositoryArn: pulumi.Input<string>;
  readonly logGroupArn: pulumi.Input<string>;
  /** The container's secrets: the execution role may read exactly what they name. */
  readonly secrets: pulumi.Output<ContainerSecret[]>;
}

/**
 * The three roles of the service, least privilege:
 * - execution role (ECS starting a task): pull the image, write the log group, read exactly the injected secrets and parameters
 * - task role (the application): read its configuration path, publish to its own metric namespace, ECS Exec and the X-Ray daemon when enabled
 * - infrastructure role (ECS blue/green): manage the edge layer's listener rules and target groups
 */
export class ServiceRoles extends pulumi.ComponentResource {
  public readonly executionRoleArn: pulumi.Output<string>;
  public readonly taskRoleArn: pulumi.Output<string>;
  public readonly infrastructureRoleArn: pulumi.Output<string>;
  /** The role policies and attachment: the service depends on them, so ECS never starts with half its permissions. */
  public readonly policies: readonly pulumi.Resource[];

  constructor(name: string, args: ServiceRolesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:ServiceRoles", name, {}, opts);
    const { names, region } = args;
    const account = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });
    const trust = account.accountId.apply((id) => JSON.stringify(ecsTasksTrust(id)));

    const execution = new aws.iam.Role(
      `${name}-execution`,
      {
        name: names.execution,
        description: "ECS task execution: image pull, logs, injected secrets and parameters",
        assumeRolePolicy: trust,
      },
      { parent: this },
    );
    const executionDoc = pulumi
      .all([partition.partition, args.repositoryArn, args.logGroupArn, args.secrets, args.kmsKeyArn])
      .apply(([part, repositoryArn, logGroupArn, secrets, kmsKeyArn]) => {
        const repositories = pullRepositories(args.image, { arn: repositoryArn, region }, part);
        const fromSecretsManager = secrets.filter((s) => s.valueFrom.includes(":secretsmanager:")).map((s) => secretArnOf(s.valueFrom));
        const fromParameterStore = secrets.filter((s) => s.valueFrom.includes(":ssm:")).map((s) => s.valueFrom);
        return JSON.stringify(
          executionPolicy({
            region,
            repositoryArns: repositories.map((r) => r.arn),
            registryRegions: repositories.map((r) => r.region),
            logGroupArn,
            secretArns: fromSecretsManager,
            kmsKeyArn,
            parameterArns: fromParameterStore,
          }),
        );
      });
    const executionPolicyResource = new aws.iam.RolePolicy(
      `${name}-execution`,
      { role: execution.name, policy: executionDoc },
      { parent: this },
    );

    const task = new aws.iam.Role(
      `${name}-task`,
      { name: names.task, description: "The order API: its configuration path and metric namespace", assumeRolePolicy: trust },
      { parent: this },
    );
    const taskDoc = pulumi.all([partition.partition, account.accountId]).apply(([part, accountId]) =>
      JSON.stringify(
        taskPolicy({
          region,
          parameterPathArn: `arn:${part}:ssm:${region}:${accountId}:parameter${args.configurationPath}`,
          metricsNamespace: args.metricsNamespace,
          ecsExec: args.ecsExec ?? false,
          xray: args.xray ?? false,
        }),
      ),
    );
    const taskPolicyResource = new aws.iam.RolePolicy(`${name}-task`, { role: task.name, policy: taskDoc }, { parent: this });

    const infrastructure = new aws.iam.Role(
      `${name}-infrastructure`,
      {
        name: names.infrastructure,
        description: "ECS blue/green: shifts the edge layer's listener rules between the blue and green target groups",
        assumeRolePolicy: JSON.stringify(ecsInfrastructureTrust()),
      },
      { parent: this },
    );
    const attachment = new aws.iam.RolePolicyAttachment(
      `${name}-infrastructure`,
      { role: infrastructure.name, policyArn: pulumi.interpolate`arn:${partition.partition}:iam::aws:policy/${INFRASTRUCTURE_POLICY}` },
      { parent: this },
    );

    this.executionRoleArn = execution.arn;
    this.taskRoleArn = task.arn;
    this.infrastructureRoleArn = infrastructure.arn;
    this.policies = [executionPolicyResource, taskPolicyResource, attachment];
    this.registerOutputs({
      executionRoleArn: this.executionRoleArn,
      taskRoleArn: this.taskRoleArn,
      infrastructureRoleArn: this.infrastructureRoleArn,
    });
  }
}
