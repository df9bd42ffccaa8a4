import { PlannedResource } from "../../shared/plan/capture";
import { LayerPlan, Plan } from "../../shared/plan/runner";
import { alarmAtRest } from "../../shared/plan/alarms";
import { backupCheckCode, DEPLOY_RUN_EVENT, deployRunTriggers } from "../../stacks/data/backupVerification";
import { BACKUP_CHECK_ALARM_PERIOD_SECONDS } from "../../stacks/edge/monitoring";
import { byUrn, jsonInput, layerOf, ofType, one, planStack } from "../harness";

const FUNCTION = "aws:lambda/function:Function";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const RULE = "aws:cloudwatch/eventRule:EventRule";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const PERMISSION = "aws:lambda/permission:Permission";
const INVOCATION = "aws:lambda/invocation:Invocation";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const COMPONENT = "platform:data:BackupVerification";
const ACCOUNT = "123456789012";

/** orders-dev with the check on, a backup window that makes the schedule wrap past midnight, and its own retention and age. */
const ON = { dbBackupVerification: "true", dbBackupWindow: "22:45-23:30", dbBackupMaxAgeHours: "20", dbLogRetentionDays: "90" };

let on: Plan;
let off: Plan;
beforeAll(async () => {
  on = await planStack("orders-dev", ON, "edge");
  off = await planStack("orders-dev");
}, 180_000);

const data = (plan: Plan) => layerOf(plan, "data");
/** The one resource of a type that belongs to the backup check component. */
const part = (layer: LayerPlan, type: string): PlannedResource => {
  const component = one(layer, COMPONENT);
  const found = ofType(layer, type).filter((r) => r.parent === component.urn);
  if (found.length !== 1) throw new Error(`expected one ${type} in the backup check, found ${found.length}`);
  return found[0];
};

describe("data layer: backup verification", () => {
  it("is absent from the order API's stacks, which leave it off", () => {
    for (const layer of off.layers) {
      expect(ofType(layer, COMPONENT)).toEqual([]);
      expect(ofType(layer, FUNCTION).filter((f) => f.urn.includes("BackupVerification"))).toEqual([]);
      expect(ofType(layer, RULE).filter((r) => r.urn.includes("BackupVerification"))).toEqual([]);
    }
    expect(data(off).outputs).not.toHaveProperty("backupCheckFunctionName");
    expect(ofType(layerOf(off, "edge"), ALARM).map((a) => a.inputs.name)).not.toContain("orders-backup-check-dev");
  });

  it("parents every resource of the check to its component, with names from the name table", () => {
    const layer = data(on);
    const component = one(layer, COMPONENT);
    const children = layer.resources.filter((r) => r.parent === component.urn);
    expect(children.map((r) => r.type).sort()).toEqual(
      [LOG_GROUP, RULE, TARGET, ROLE, ROLE_POLICY, FUNCTION, PERMISSION, INVOCATION].sort(),
    );
    expect(part(layer, FUNCTION).inputs.name).toBe("orders-backup-check-dev");
    expect(part(layer, ROLE).inputs.name).toBe("orders-backup-check-dev");
    expect(part(layer, RULE).inputs.name).toBe("orders-backup-check-dev");
    expect(layer.outputs.backupCheckFunctionName).toBe("orders-backup-check-dev");
  });

  it("runs the handler on the newest Node.js runtime, arm64, small and short, configured by environment", () => {
    const fn = part(data(on), FUNCTION);
    expect(fn.inputs).toMatchObject({
      runtime: "nodejs24.x",
      architectures: ["arm64"],
      handler: "index.handler",
      memorySize: 128,
      timeout: 60,
    });
    expect(fn.inputs.environment).toEqual({
      variables: {
        CLUSTER_IDENTIFIER: data(on).outputs.clusterIdentifier,
        METRIC_NAMESPACE: "orders/dev/backup",
        PASSED_METRIC: "BackupCheckPassed",
        AGE_METRIC: "NewestSnapshotAgeHours",
        METRIC_DIMENSION: "DBClusterIdentifier",
        MAX_AGE_HOURS: "20",
      },
    });
    expect(fn.inputs.role).toMatch(/^arn:aws:iam::\d{12}:role\/orders-backup-check-dev$/);
  });

  it("logs to its own log group, created first with the data layer's retention", () => {
    const layer = data(on);
    const fn = part(layer, FUNCTION);
    const group = part(layer, LOG_GROUP);
    expect(group.inputs).toEqual({ name: "/aws/lambda/orders-backup-check-dev", retentionInDays: 90 });
    expect(fn.inputs.loggingConfig).toEqual({
      logFormat: "JSON",
      logGroup: group.inputs.name,
      applicationLogLevel: "INFO",
      systemLogLevel: "INFO",
    });
    expect(fn.dependencies).toContain(group.urn);
    expect(fn.dependencies).toContain(part(layer, ROLE_POLICY).urn);
  });

  it("lets only Lambda of this account assume its role, which has no managed policy", () => {
    const role = part(data(on), ROLE);
    expect(jsonInput(role, "assumeRolePolicy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "LambdaOfThisAccount",
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
      ],
    });
    expect(role.inputs).not.toHaveProperty("managedPolicyArns");
    expect(ofType(data(on), "aws:iam/rolePolicyAttachment:RolePolicyAttachment")).toEqual([]);
  });

  it("allows exactly listing the cluster's automated snapshots, reading the cluster, publishing to its namespace and writing its log group", () => {
    const layer = data(on);
    const policy = part(layer, ROLE_POLICY);
    const clusterArn = String(layer.outputs.clusterArn);
    expect(clusterArn).toBe(`arn:aws:rds:us-east-1:${ACCOUNT}:cluster:orders-aurora-dev`);
    expect(policy.inputs.role).toBe("orders-backup-check-dev");
    expect(jsonInput(policy, "policy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ListAutomatedSnapshots",
          Effect: "Allow",
          Action: ["rds:DescribeDBClusterSnapshots"],
          Resource: [clusterArn, `arn:aws:rds:us-east-1:${ACCOUNT}:cluster-snapshot:rds:orders-aurora-dev-*`],
        },
        {
          Sid: "ReadClusterCreateTime",
          Effect: "Allow",
          Action: ["rds:DescribeDBClusters"],
          Resource: clusterArn,
        },
        {
          Sid: "PublishCheckMetrics",
          Effect: "Allow",
          Action: ["cloudwatch:PutMetricData"],
          Resource: "*",
          Condition: { StringEquals: { "cloudwatch:namespace": "orders/dev/backup" } },
        },
        {
          Sid: "WriteOwnLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/orders-backup-check-dev:log-stream:*`,
        },
      ],
    });
  });

  it("runs daily an hour after the backup window, wrapping past midnight, with bounded delivery retries", () => {
    const layer = data(on);
    const rule = part(layer, RULE);
    expect(rule.inputs.scheduleExpression).toBe("cron(30 0 * * ? *)");
    const target = part(layer, TARGET);
    expect(target.inputs).toEqual({
      rule: "orders-backup-check-dev",
      arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders-backup-check-dev`,
      retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 },
    });
    expect(target.dependencies).toContain(part(layer, PERMISSION).urn);
  });

  it("runs the check once at deploy, after the function, and again when its code or environment changes", () => {
    const layer = data(on);
    const fn = part(layer, FUNCTION);
    const run = part(layer, INVOCATION);
    expect(run.inputs.functionName).toBe("orders-backup-check-dev");
    expect(JSON.parse(String(run.inputs.input))).toEqual(DEPLOY_RUN_EVENT);
    expect(run.inputs.qualifier).toBeUndefined();
    expect(run.dependencies).toContain(fn.urn);
    const variables = (fn.inputs.environment as { variables: Record<string, string> }).variables;
    expect(run.inputs.triggers).toEqual(deployRunTriggers(backupCheckCode(), variables));
    expect(run.inputs.triggers).toEqual({ codeSha256: expect.stringMatching(/^[0-9a-f]{64}$/), environment: expect.any(String) });
    expect(JSON.parse(String((run.inputs.triggers as Record<string, string>).environment))).toEqual(variables);
    const reordered = Object.fromEntries(Object.entries(variables).reverse());
    expect(deployRunTriggers(backupCheckCode(), reordered)).toEqual(run.inputs.triggers);
    const changed = deployRunTriggers(backupCheckCode(), { ...variables, MAX_AGE_HOURS: "24" });
    expect(changed.codeSha256).toBe((run.inputs.triggers as Record<string, string>).codeSha256);
    expect(changed.environment).not.toBe((run.inputs.triggers as Record<string, string>).environment);
    expect(deployRunTriggers(`${backupCheckCode()}\n`, variables).codeSha256).not.toBe(changed.codeSha256);
  });

  it("lets only its schedule rule invoke the function", () => {
    const layer = data(on);
    const permission = part(layer, PERMISSION);
    expect(permission.inputs).toEqual({
      action: "lambda:InvokeFunction",
      function: "orders-backup-check-dev",
      principal: "events.amazonaws.com",
      sourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/orders-backup-check-dev`,
    });
    expect(byUrn(layer).get(permission.dependencies.find((u) => u.includes("eventRule")) ?? "")?.inputs.name).toBe(
      "orders-backup-check-dev",
    );
  });
});

describe("edge layer: backup check alarm", () => {
  const alarm = () => {
    const found = ofType(layerOf(on, "edge"), ALARM).filter((a) => a.inputs.name === "orders-backup-check-dev");
    expect(found).toHaveLength(1);
    return found[0];
  };

  it("fires when the check failed (minimum below 1) or did not run (no data is breaching), and is OK at rest after the deploy's run", () => {
    expect(alarm().inputs).toMatchObject({
      namespace: "orders/dev/backup",
      metricName: "BackupCheckPassed",
      dimensions: { DBClusterIdentifier: data(on).outputs.clusterIdentifier },
      statistic: "Minimum",
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "breaching",
    });
    expect(alarm().inputs.alarmDescription).toContain("orders-backup-check-dev");
    expect(alarmAtRest("orders-backup-check-dev", alarm().inputs)).toMatchObject({ data: 1, state: "OK" });
  });

  it("looks back a day and an hour, within CloudWatch's limit for alarm periods of an hour or more", () => {
    const period = Number(alarm().inputs.period);
    expect(period).toBe(BACKUP_CHECK_ALARM_PERIOD_SECONDS);
    expect(period).toBe(25 * 3600);
    expect(period % 60).toBe(0);
    expect(period).toBeGreaterThanOrEqual(3600);
    expect(period * Number(alarm().inputs.evaluationPeriods)).toBeLessThanOrEqual(7 * 24 * 3600);
  });

  it("sends ALARM and OK to the alarm topic like every other alarm", () => {
    const topic = layerOf(on, "edge").outputs.alarmTopicArn;
    expect(alarm().inputs).toMatchObject({ actionsEnabled: true, alarmActions: [topic], okActions: [topic] });
  });
});
