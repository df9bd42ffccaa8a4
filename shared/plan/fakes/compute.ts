import { Fake, fakeArn, FAKE_ACCOUNT_ID, str } from "./kit";

/** The compute layer's resource types. */
export const COMPUTE_FAKES: Readonly<Record<string, Fake>> = {
  "aws:ecr/repository:Repository": ({ region, name, inputs }) => {
    const repository = str(inputs.name, name);
    return {
      id: repository,
      state: {
        arn: fakeArn("ecr", region, `repository/${repository}`),
        registryId: FAKE_ACCOUNT_ID,
        repositoryUrl: `${FAKE_ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/${repository}`,
      },
    };
  },
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": ({ inputs, name }) => ({
    id: str(inputs.repository, name),
    state: { registryId: FAKE_ACCOUNT_ID },
  }),
  "aws:ecs/cluster:Cluster": ({ region, name, inputs }) => {
    const arn = fakeArn("ecs", region, `cluster/${str(inputs.name, name)}`);
    return { id: arn, state: { arn } };
  },
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": ({ inputs, name }) => ({ id: str(inputs.clusterName, name), state: {} }),
  "aws:ecs/taskDefinition:TaskDefinition": ({ region, name, inputs }) => {
    const family = str(inputs.family, name);
    const arnWithoutRevision = fakeArn("ecs", region, `task-definition/${family}`);
    return { id: family, state: { arn: `${arnWithoutRevision}:1`, arnWithoutRevision, revision: 1 } };
  },
  "aws:ecs/service:Service": ({ region, name, inputs }) => {
    const service = str(inputs.name, name);
    const cluster = str(inputs.cluster, "cluster").split("/").pop();
    const arn = fakeArn("ecs", region, `service/${cluster}/${service}`);
    return { id: arn, state: { arn } };
  },
  "aws:ssm/parameter:Parameter": ({ region, name, inputs }) => {
    const parameter = str(inputs.name, name);
    return { id: parameter, state: { arn: fakeArn("ssm", region, `parameter${parameter}`), version: 1 } };
  },
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": ({ inputs, name }) => ({ id: str(inputs.name, name), state: {} }),
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ({ inputs, hex }) => ({ id: `${str(inputs.role, "role")}-${hex(8)}`, state: {} }),
  "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": ({ region, hex }) => {
    const id = `ns-${hex(16)}`;
    return { id, state: { arn: fakeArn("servicediscovery", region, `namespace/${id}`), hostedZone: `Z${hex(20).toUpperCase()}` } };
  },
  "aws:servicediscovery/service:Service": ({ region, hex }) => {
    const id = `srv-${hex(16)}`;
    return { id, state: { arn: fakeArn("servicediscovery", region, `service/${id}`) } };
  },
  "aws:xray/samplingRule:SamplingRule": ({ region, name, inputs }) => {
    const rule = str(inputs.ruleName, name);
    return { id: rule, state: { arn: fakeArn("xray", region, `sampling-rule/${rule}`) } };
  },
  "aws:sfn/stateMachine:StateMachine": ({ region, name, inputs }) => {
    const machine = str(inputs.name, name);
    const arn = fakeArn("states", region, `stateMachine:${machine}`);
    return { id: arn, state: { arn } };
  },
  "aws:appautoscaling/target:Target": ({ region, inputs, hex }) => ({
    id: str(inputs.resourceId, "service"),
    state: { arn: fakeArn("application-autoscaling", region, `scalable-target/0ec5${hex(28)}`) },
  }),
  "aws:appautoscaling/policy:Policy": ({ region, name, inputs, hex }) => {
    const policy = str(inputs.name, name);
    return {
      id: policy,
      state: {
        arn: fakeArn(
          "autoscaling",
          region,
          `scalingPolicy:${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}:resource/ecs/${str(inputs.resourceId, "service")}:policyName/${policy}`,
        ),
        alarmArns: [],
      },
    };
  },
};
