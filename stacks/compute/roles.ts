import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DataOutputs, Imported, metricsNamespace, nameOf, PlatformConfig } from "../../shared";
import { ContainerSecret, pullRepositories, secretArnOf } from "./container";
import { configurationPath } from "./parameters";
import { ecsInfrastructureTrust, ecsTasksTrust, executionPolicy, taskPolicy } from "./policies";

/** The AWS managed policy that lets ECS shift listener rules and target groups in blue/green deployments. */
export const INFRASTRUCTURE_POLICY = "AmazonECSInfrastructureRolePolicyForLoadBalancers";

export interface ServiceRolesArgs {
  readonly cfg: PlatformConfig;
  readonly data: Imported<DataOutputs>;
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
    const { cfg, data } = args;
    const account = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });
    const trust = account.accountId.apply((id) => JSON.stringify(ecsTasksTrust(id)));

    const execution = new aws.iam.Role(
      `${name}-execution`,
      { name: nameOf(cfg, "executionRole"), description: "ECS task execution: image pull, logs, injected secrets and parameters", assumeRolePolicy: trust },
      { parent: this },
    );
    const executionDoc = pulumi
      .all([partition.partition, args.repositoryArn, args.logGroupArn, args.secrets, data.kmsKeyArn])
      .apply(([part, repositoryArn, logGroupArn, secrets, kmsKeyArn]) => {
        const repositories = pullRepositories(cfg.compute.image, { arn: repositoryArn, region: cfg.region }, part);
        const fromSecretsManager = secrets.filter((s) => s.valueFrom.includes(":secretsmanager:")).map((s) => secretArnOf(s.valueFrom));
        const fromParameterStore = secrets.filter((s) => s.valueFrom.includes(":ssm:")).map((s) => s.valueFrom);
        return JSON.stringify(
          executionPolicy({
            region: cfg.region,
            repositoryArns: repositories.map((r) => r.arn),
            registryRegions: repositories.map((r) => r.region),
            logGroupArn,
            secretArns: fromSecretsManager,
            ...(kmsKeyArn === undefined ? {} : { kmsKeyArn }),
            parameterArns: fromParameterStore,
          }),
        );
      });
    const executionPolicyResource = new aws.iam.RolePolicy(`${name}-execution`, { role: execution.name, policy: executionDoc }, { parent: this });

    const task = new aws.iam.Role(
      `${name}-task`,
      { name: nameOf(cfg, "taskRole"), description: "The order API: its configuration path and metric namespace", assumeRolePolicy: trust },
      { parent: this },
    );
    const taskDoc = pulumi.all([partition.partition, account.accountId]).apply(([part, accountId]) =>
      JSON.stringify(
        taskPolicy({
          region: cfg.region,
          parameterPathArn: `arn:${part}:ssm:${cfg.region}:${accountId}:parameter${configurationPath(cfg)}`,
          metricsNamespace: metricsNamespace(cfg),
          ecsExec: cfg.compute.ecsExecEnabled,
          xray: cfg.compute.xray !== undefined,
        }),
      ),
    );
    const taskPolicyResource = new aws.iam.RolePolicy(`${name}-task`, { role: task.name, policy: taskDoc }, { parent: this });

    const infrastructure = new aws.iam.Role(
      `${name}-infrastructure`,
      {
        name: nameOf(cfg, "infrastructureRole"),
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
