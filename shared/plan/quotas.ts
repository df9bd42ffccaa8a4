/*
 * The quota budget of plans (issue 17): what each planned resource consumes
 * of the Region- and account-level quotas (and of the per-resource ones) of
 * `shared/aws/quotas.ts`, and how many more copies of a stack fit in an
 * account next to the stacks already there, under AWS's default quotas or
 * the account's own (`aws service-quotas list-service-quotas`).
 *
 * Counting rules, by resource:
 * - `awsx:ec2:Vpc` is one resource in an offline plan (a remote component has
 *   no children under the mocks): its inputs say what it creates. One VPC
 *   (and its default security group), an internet gateway when a subnet is
 *   public, one NAT gateway and one Elastic IP per Availability Zone
 *   ("OnePerAz", awsx's default) or in the first zone ("Single"), a subnet
 *   per zone and subnet spec (awsx's default specs: one private, one public)
 *   each with its route table, plus the main route table; a gateway endpoint
 *   per gateway endpoint spec. Zones: `availabilityZoneNames`, else
 *   `numberOfAvailabilityZones` (awsx's default, 3).
 * - security groups, and their rules per group and direction: each
 *   `aws:vpc/securityGroupIngressRule` / `EgressRule` is one rule of the group
 *   its `securityGroupId` names; an inline `ingress` / `egress` entry is one
 *   rule per source (CIDR block, security group, prefix list, self).
 * - load balancers of type application; listeners and listener rules per
 *   load balancer; the target groups the actions forward to, per load
 *   balancer and per action.
 * - a CloudWatch Logs resource policy without `resourceArn` is one of the
 *   account's ten per Region; one scoped to a log group does not count.
 * - an ElastiCache replication group: shards x (1 + replicas), or its node
 *   count without shards. An Aurora cluster that manages its master password
 *   holds a Secrets Manager secret.
 * - a Cloud Map private DNS namespace is a namespace and a Route 53 hosted zone.
 * - a Lambda function consumes the concurrency it reserves.
 *
 * A layer counts once, as the stack that deploys it (`LayerPlan.stack`):
 * plans that share another stack's network and data layers share their quotas.
 *
 * A type the model does not know makes it throw: each type is either counted
 * (`COUNTERS`) or listed, with the reason, as consuming no quota (`NO_QUOTA`).
 * The repository's own components (`platform:*`) own nothing themselves.
 */
import { Quota, QUOTA_CODES as Q, QUOTAS } from "../aws/quotas";
import { list, num, record, strings, text } from "../policy/props";
import { PlannedResource } from "./capture";
import type { Plan } from "./runner";

/** What a stack consumes of one quota, by the thing it counts per (a resource, a zone, an event bus; "" for a Region total). */
type Counts = Map<string, number>;

/** What a stack consumes, by quota code. */
type Usage = Map<string, Counts>;

/** What a counter sees of the resource it counts. */
interface Ctx {
  readonly resource: PlannedResource;
  /** Adds `n` to the quota, for the thing `key` names (the resource counted against, for a per-resource quota). */
  count(code: string, n?: number, key?: string): void;
  /** Adds `member` to a set whose size is the use of the quota for `key` (the distinct target groups of one load balancer). */
  distinct(code: string, key: string, member: string): void;
  /**
   * The key of the resource of `type` that `value` (an id, ARN or name) names,
   * or that this resource depends on when the value is not one of the plan's:
   * its URN; else the value itself.
   */
  ref(value: unknown, type: string): string;
  /** A resource of the plan by its URN. */
  byUrn(urn: string): PlannedResource | undefined;
}

const T = {
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  kmsKey: "aws:kms/key:Key",
  ecsCluster: "aws:ecs/cluster:Cluster",
  restApi: "aws:apigateway/restApi:RestApi",
  role: "aws:iam/role:Role",
  eventRule: "aws:cloudwatch/eventRule:EventRule",
} as const;

function fail(resource: PlannedResource, why: string): never {
  throw new Error(`quota model: ${resource.type} ${resource.name}: ${why}`);
}

/** The rules of inline `ingress` / `egress` entries: one per source. */
function inlineRules(entries: unknown): number {
  return list(entries).reduce<number>((n, entry) => {
    const e = record(entry) ?? {};
    const sources = ["cidrBlocks", "ipv6CidrBlocks", "securityGroups", "prefixListIds"].reduce((k, f) => k + list(e[f]).length, 0);
    return n + Math.max(1, sources + (e.self === true ? 1 : 0));
  }, 0);
}

/** Counts the target groups a load balancer's actions forward to: per load balancer, and per action. */
function countActions(c: Ctx, actions: unknown, alb: string): void {
  list(actions).forEach((value, i) => {
    const action = record(value) ?? {};
    const arns = [text(action.targetGroupArn), ...list(record(action.forward)?.targetGroups).map((g) => text(record(g)?.arn))];
    const groups = arns.filter((a): a is string => a !== undefined);
    for (const group of groups) c.distinct(Q.targetGroupsPerAlb, alb, c.ref(group, T.targetGroup));
    c.count(Q.targetGroupsPerAction, groups.length, `${c.resource.urn} action ${i}`);
  });
}

/** The load balancer of a listener (its key), from the listener in the plan or else from its ARN. */
function loadBalancerOfListener(c: Ctx, listener: string): string {
  const found = c.byUrn(listener);
  if (found !== undefined) return c.ref(found.inputs.loadBalancerArn, T.loadBalancer);
  // arn:...:listener/app/<name>/<lb id>/<listener id> -> arn:...:loadbalancer/app/<name>/<lb id>
  return c.ref(listener.replace(":listener/", ":loadbalancer/").replace(/\/[^/]*$/, ""), T.loadBalancer);
}

const one = (code: string) => (c: Ctx) => c.count(code);

/** What each counted type consumes. */
export const COUNTERS: Readonly<Record<string, (c: Ctx) => void>> = {
  "awsx:ec2:Vpc": (c) => {
    const p = c.resource.inputs;
    const names = strings(p.availabilityZoneNames);
    const zones = names.length > 0 ? names : Array.from({ length: num(p.numberOfAvailabilityZones) ?? 3 }, (_, i) => `zone ${i + 1}`);
    const specs = list(p.subnetSpecs).length > 0 ? list(p.subnetSpecs).map((s) => text(record(s)?.type)) : ["Private", "Public"];
    const strategy = text(record(p.natGateways)?.strategy) ?? "OnePerAz";
    const nat =
      strategy === "OnePerAz"
        ? zones
        : strategy === "Single"
          ? zones.slice(0, 1)
          : strategy === "None"
            ? []
            : fail(c.resource, `NAT gateway strategy "${strategy}" is not modelled`);
    c.count(Q.vpcs);
    c.count(Q.securityGroups); // the VPC's default security group
    if (specs.includes("Public")) c.count(Q.internetGateways);
    for (const zone of nat) {
      c.count(Q.natGatewaysPerAz, 1, zone);
      c.count(Q.elasticIps);
    }
    const subnets = zones.length * specs.length;
    c.count(Q.subnetsPerVpc, subnets, c.resource.urn);
    c.count(Q.routeTablesPerVpc, subnets + 1, c.resource.urn);
    for (const spec of list(p.vpcEndpointSpecs)) {
      const type = text(record(spec)?.vpcEndpointType) ?? "Gateway";
      if (type !== "Gateway") fail(c.resource, `${type} VPC endpoints are not modelled`);
      c.count(Q.gatewayEndpoints);
    }
  },
  [T.securityGroup]: (c) => {
    c.count(Q.securityGroups);
    c.count(Q.rulesPerSecurityGroup, inlineRules(c.resource.inputs.ingress), `${c.resource.urn} inbound`);
    c.count(Q.rulesPerSecurityGroup, inlineRules(c.resource.inputs.egress), `${c.resource.urn} outbound`);
  },
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (c) =>
    c.count(Q.rulesPerSecurityGroup, 1, `${c.ref(c.resource.inputs.securityGroupId, T.securityGroup)} inbound`),
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (c) =>
    c.count(Q.rulesPerSecurityGroup, 1, `${c.ref(c.resource.inputs.securityGroupId, T.securityGroup)} outbound`),
  [T.loadBalancer]: (c) => {
    const type = text(c.resource.inputs.loadBalancerType) ?? "application";
    if (type !== "application") fail(c.resource, `${type} load balancers are not modelled`);
    c.count(Q.applicationLoadBalancers);
  },
  [T.listener]: (c) => {
    const alb = c.ref(c.resource.inputs.loadBalancerArn, T.loadBalancer);
    c.count(Q.listenersPerAlb, 1, alb);
    countActions(c, c.resource.inputs.defaultActions, alb);
  },
  "aws:lb/listenerRule:ListenerRule": (c) => {
    const alb = loadBalancerOfListener(c, c.ref(c.resource.inputs.listenerArn, T.listener));
    c.count(Q.rulesPerAlb, 1, alb);
    countActions(c, c.resource.inputs.actions, alb);
  },
  [T.targetGroup]: one(Q.targetGroups),
  "aws:wafv2/webAcl:WebAcl": (c) => {
    const scope = text(c.resource.inputs.scope);
    if (scope !== "REGIONAL") fail(c.resource, `web ACLs of scope ${scope} are not modelled (only REGIONAL)`);
    c.count(Q.webAcls);
  },
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": (c) => {
    if (c.resource.inputs.resourceArn === undefined) c.count(Q.logResourcePolicies);
  },
  [T.logGroup]: one(Q.logGroups),
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": (c) =>
    c.count(Q.metricFiltersPerLogGroup, 1, c.ref(c.resource.inputs.logGroupName, T.logGroup)),
  "aws:cloudwatch/metricAlarm:MetricAlarm": (c) => {
    const insights = list(c.resource.inputs.metricQueries).some((q) => /^\s*SELECT\s/i.test(text(record(q)?.expression) ?? ""));
    if (insights) c.count(Q.metricsInsightsAlarms);
  },
  "aws:rds/cluster:Cluster": (c) => {
    c.count(Q.dbClusters);
    if (c.resource.inputs.manageMasterUserPassword === true) c.count(Q.secrets);
  },
  "aws:rds/clusterInstance:ClusterInstance": one(Q.dbInstances),
  "aws:rds/subnetGroup:SubnetGroup": one(Q.dbSubnetGroups),
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": one(Q.dbClusterParameterGroups),
  "aws:elasticache/replicationGroup:ReplicationGroup": (c) => {
    const p = c.resource.inputs;
    const shards = num(p.numNodeGroups);
    c.count(Q.cacheNodes, shards === undefined ? (num(p.numCacheClusters) ?? 1) : shards * (1 + (num(p.replicasPerNodeGroup) ?? 0)));
  },
  "aws:elasticache/subnetGroup:SubnetGroup": one(Q.cacheSubnetGroups),
  [T.kmsKey]: one(Q.kmsKeys),
  "aws:sfn/stateMachine:StateMachine": one(Q.stateMachines),
  "aws:kms/alias:Alias": (c) => c.count(Q.aliasesPerKey, 1, c.ref(c.resource.inputs.targetKeyId, T.kmsKey)),
  "aws:secretsmanager/secret:Secret": one(Q.secrets),
  "aws:ecr/repository:Repository": one(Q.ecrRepositories),
  [T.ecsCluster]: one(Q.ecsClusters),
  "aws:ecs/service:Service": (c) => c.count(Q.servicesPerCluster, 1, c.ref(c.resource.inputs.cluster ?? "default", T.ecsCluster)),
  "aws:appautoscaling/target:Target": (c) => {
    const namespace = text(c.resource.inputs.serviceNamespace);
    if (namespace !== "ecs") fail(c.resource, `scalable targets of ${namespace} are not modelled (only ecs)`);
    c.count(Q.ecsScalableTargets);
  },
  "aws:appautoscaling/policy:Policy": (c) => {
    const p = c.resource.inputs;
    c.count(Q.scalingPoliciesPerTarget, 1, `${text(p.serviceNamespace)}:${text(p.resourceId)}:${text(p.scalableDimension)}`);
  },
  [T.restApi]: (c) => {
    const types = record(c.resource.inputs.endpointConfiguration)?.types;
    const endpoint = [...strings(types), ...(typeof types === "string" ? [types] : [])];
    if (endpoint.join() !== "REGIONAL")
      fail(c.resource, `REST APIs of endpoint type ${endpoint.join() || "EDGE"} are not modelled (only REGIONAL)`);
    c.count(Q.regionalApis);
    c.count(Q.resourcesPerApi, 1, c.resource.urn); // the root resource
  },
  "aws:apigateway/resource:Resource": (c) => c.count(Q.resourcesPerApi, 1, c.ref(c.resource.inputs.restApi, T.restApi)),
  "aws:apigateway/stage:Stage": (c) => c.count(Q.stagesPerApi, 1, c.ref(c.resource.inputs.restApi, T.restApi)),
  "aws:apigateway/usagePlan:UsagePlan": one(Q.usagePlans),
  "aws:apigateway/apiKey:ApiKey": one(Q.apiKeys),
  "aws:apigatewayv2/vpcLink:VpcLink": one(Q.vpcLinksV2),
  "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": (c) => {
    c.count(Q.cloudMapNamespaces);
    c.count(Q.hostedZones);
  },
  "aws:sns/topic:Topic": one(Q.snsTopics),
  [T.role]: one(Q.iamRoles),
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (c) => c.count(Q.managedPoliciesPerRole, 1, c.ref(c.resource.inputs.role, T.role)),
  [T.eventRule]: (c) => c.count(Q.eventRulesPerBus, 1, text(c.resource.inputs.eventBusName) ?? "default"),
  "aws:cloudwatch/eventTarget:EventTarget": (c) => c.count(Q.targetsPerEventRule, 1, c.ref(c.resource.inputs.rule, T.eventRule)),
  "aws:lambda/function:Function": (c) =>
    c.count(Q.lambdaConcurrency, Math.max(0, num(c.resource.inputs.reservedConcurrentExecutions) ?? 0)),
  "aws:acm/certificate:Certificate": one(Q.acmCertificates),
  "aws:s3/bucket:Bucket": one(Q.s3Buckets),
  "aws:ssm/parameter:Parameter": (c) => {
    const tier = text(c.resource.inputs.tier) ?? "Standard";
    if (tier !== "Standard") fail(c.resource, `${tier} parameters are not modelled (only Standard)`);
    c.count(Q.ssmStandardParameters);
  },
  "aws:xray/samplingRule:SamplingRule": one(Q.xraySamplingRules),
};

const SETTINGS = "settings of a resource counted elsewhere, or a part of it";

/** The types that consume no quota, or none the model tracks, and why. */
export const NO_QUOTA: Readonly<Record<string, string>> = {
  "pulumi:pulumi:Stack": "the Pulumi stack itself",
  "pulumi:providers:aws": "a Pulumi provider, not an AWS resource",
  "pulumi:pulumi:StackReference": "reads another stack's outputs",
  "random:index/randomId:RandomId": "generated by Pulumi, not an AWS resource",
  "random:index/randomPassword:RandomPassword": "generated by Pulumi, not an AWS resource",
  "aws:acm/certificateValidation:CertificateValidation": "waits for a certificate's validation; creates nothing",
  "aws:apigateway/deployment:Deployment": "a snapshot of an API for its stages; no quota counts deployments",
  "aws:apigateway/integration:Integration": SETTINGS,
  "aws:apigateway/method:Method": SETTINGS,
  "aws:apigateway/methodSettings:MethodSettings": SETTINGS,
  "aws:apigateway/usagePlanKey:UsagePlanKey":
    "binds a key to a usage plan: one plan per key, against a quota of 10 usage plans per API key, not modelled",
  "aws:cloudwatch/dashboard:Dashboard": "CloudWatch has no quota on the number of dashboards",
  "aws:ec2/flowLog:FlowLog": "one flow log per VPC; no count quota the platform approaches",
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": SETTINGS,
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": SETTINGS,
  "aws:ecs/taskDefinition:TaskDefinition": "a revision of a task definition family (1,000,000 revisions per family)",
  "aws:iam/rolePolicy:RolePolicy": "an inline policy counts against its role's policy size (characters), not a count: not modelled",
  "aws:lambda/invocation:Invocation": "invokes a function once; creates nothing",
  "aws:lambda/permission:Permission": "a statement of a function's resource policy (its size is limited): not modelled",
  "aws:route53/record:Record": "a record of a hosted zone the platform does not own (records per hosted zone): not modelled",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": SETTINGS,
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": SETTINGS,
  "aws:s3/bucketPolicy:BucketPolicy": SETTINGS,
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": SETTINGS,
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": SETTINGS,
  "aws:secretsmanager/secretRotation:SecretRotation": SETTINGS,
  "aws:secretsmanager/secretVersion:SecretVersion": "a version of a secret",
  "aws:servicediscovery/service:Service": "a service of a namespace: Cloud Map counts its instances, which ECS registers at run time",
  "aws:sns/topicSubscription:TopicSubscription": "a subscription of a topic (12,500,000 per topic)",
  "aws:wafv2/webAclAssociation:WebAclAssociation": "attaches a web ACL to one load balancer",
  "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": SETTINGS,
};

/** A resource's id, addresses and name, by type: the values other resources name it by. */
type Index = Map<string, Map<string, PlannedResource>>;

function indexOf(resources: readonly PlannedResource[]): Index {
  const index: Index = new Map();
  for (const r of resources) {
    const names = index.get(r.type) ?? new Map<string, PlannedResource>();
    index.set(r.type, names);
    for (const v of [r.id, text(r.inputs.name), ...Object.values(r.computed ?? {})]) if (typeof v === "string") names.set(v, r);
  }
  return index;
}

/**
 * The layers of the plans, each once, grouped by the stack that deploys
 * them: a layer a plan reads from another stack (a short-lived environment's
 * network and data, `platform:networkStack`) is that stack's, counted once
 * whichever plans hold it.
 */
function layersByStack(plans: readonly Plan[]): Map<string, PlannedResource[]> {
  const seen = new Set<string>();
  const byStack = new Map<string, PlannedResource[]>();
  for (const layer of plans.flatMap((p) => p.layers)) {
    if (seen.has(`${layer.stack} ${layer.layer}`)) continue;
    seen.add(`${layer.stack} ${layer.layer}`);
    byStack.set(layer.stack, [...(byStack.get(layer.stack) ?? []), ...layer.resources]);
  }
  return byStack;
}

/**
 * What one stack's resources consume, per quota and per the thing counted
 * against. References resolve among the stack's own resources first, then
 * among all the plans' (offline ids repeat from stack to stack).
 */
function usageOf(resources: readonly PlannedResource[], all: readonly PlannedResource[]): Usage {
  const byUrn = new Map(all.map((r) => [r.urn, r]));
  const own = indexOf(resources);
  const everywhere = indexOf(all);
  const usage: Usage = new Map();
  const sets = new Map<string, Map<string, Set<string>>>();
  for (const resource of resources) {
    const counter = Object.hasOwn(COUNTERS, resource.type) ? COUNTERS[resource.type] : undefined;
    if (counter === undefined) {
      if (Object.hasOwn(NO_QUOTA, resource.type) || (!resource.custom && resource.type.startsWith("platform:"))) continue;
      fail(resource, "the quota model does not know this type: count it in COUNTERS or list it in NO_QUOTA (shared/plan/quotas.ts)");
    }
    counter({
      resource,
      count(code, n = 1, key = "") {
        const counts = usage.get(code) ?? new Map<string, number>();
        usage.set(code, counts.set(key, (counts.get(key) ?? 0) + n));
      },
      distinct(code, key, member) {
        const byKey = sets.get(code) ?? new Map<string, Set<string>>();
        sets.set(code, byKey.set(key, (byKey.get(key) ?? new Set()).add(member)));
      },
      ref(value, type) {
        const key = typeof value === "string" ? value : undefined;
        const named = key === undefined ? undefined : (own.get(type)?.get(key) ?? everywhere.get(type)?.get(key));
        if (named !== undefined) return named.urn;
        const deps = resource.dependencies.filter((u) => byUrn.get(u)?.type === type);
        return deps.length === 1 ? deps[0] : String(value);
      },
      byUrn: (urn) => byUrn.get(urn),
    });
  }
  for (const [code, byKey] of sets) usage.set(code, new Map([...byKey].map(([key, members]) => [key, members.size])));
  return usage;
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
const max = (values: Iterable<number>) => [...values].reduce((a, b) => Math.max(a, b), 0);

/**
 * The use of a quota by plans side by side: a Region or account total adds
 * up; a quota per shared thing (zone, event bus) adds up per thing and the
 * most used one counts; a per-resource quota is the largest use by one resource.
 */
function combined(quota: Quota, counts: readonly Counts[]): number {
  if (quota.per !== undefined) {
    const perKey = new Map<string, number>();
    for (const c of counts) for (const [key, n] of c) perKey.set(key, (perKey.get(key) ?? 0) + n);
    return max(perKey.values());
  }
  return quota.scope === "per-resource" ? max(counts.map((c) => max(c.values()))) : sum(counts.map((c) => sum(c.values())));
}

/** How many copies of the plan counted by `last` fit next to `others` under `limit`. */
function copiesUnder(quota: Quota, limit: number, others: readonly Counts[], last: Counts): number {
  if (quota.scope === "per-resource" && quota.per === undefined) return max(last.values()) > limit ? 0 : Infinity;
  const shared = quota.per !== undefined;
  const needs: [string, number][] = shared ? [...last] : [["", sum(last.values())]];
  let copies = Infinity;
  for (const [key, n] of needs) {
    if (n === 0) continue;
    const taken = sum(others.map((o) => (shared ? (o.get(key) ?? 0) : sum(o.values()))));
    copies = Math.min(copies, Math.max(0, Math.floor((limit - taken) / n)));
  }
  return copies;
}

/** Quota code -> how much one plan (one stack, all its layers) consumes of it. Per-resource quotas report the largest use by one resource (e.g. the most rules on one security group). */
export function quotaUsage(plan: Plan): ReadonlyMap<string, number> {
  const all = plan.layers.flatMap((l) => l.resources);
  const usages = [...layersByStack([plan]).values()].map((resources) => usageOf(resources, all));
  const result = new Map<string, number>();
  for (const [code, quota] of QUOTAS) {
    const used = combined(
      quota,
      usages.map((u) => u.get(code) ?? new Map<string, number>()),
    );
    if (used > 0) result.set(code, used);
  }
  return result;
}

/** The account's actual quotas: quota code -> value, from the JSON of `aws service-quotas list-service-quotas --service-code <code>` (one or several outputs concatenated as an array, or an object with `Quotas: [{ ServiceCode, QuotaCode, QuotaName, Value }]`). Throws naming the problem on a malformed file. */
export function parseAccountQuotas(json: unknown): ReadonlyMap<string, number> {
  const problem = (why: string) => new Error(`account quotas: ${why}`);
  const outputs = Array.isArray(json) ? json : [json];
  if (record(json) === undefined && !Array.isArray(json)) {
    throw problem(
      `expected the JSON of \`aws service-quotas list-service-quotas\` (an object with "Quotas", or an array of them), got ${JSON.stringify(json)}`,
    );
  }
  const values = new Map<string, number>();
  outputs.forEach((output, i) => {
    const where = Array.isArray(json) ? `output ${i}` : "the output";
    const quotas = record(output)?.Quotas;
    if (!Array.isArray(quotas)) throw problem(`${where} has no "Quotas" array`);
    quotas.forEach((entry, j) => {
      const q = record(entry);
      const code = text(q?.QuotaCode);
      if (code === undefined) throw problem(`${where}, Quotas[${j}] has no "QuotaCode"`);
      const value = q?.Value;
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw problem(`${where}, ${code} (${text(q?.QuotaName) ?? "no name"}) has no numeric "Value": ${JSON.stringify(value)}`);
      }
      const before = values.get(code);
      if (before !== undefined && before !== value) throw problem(`${code} appears twice with different values (${before} and ${value})`);
      values.set(code, value);
    });
  });
  return values;
}

export interface QuotaLine {
  readonly code: string;
  readonly name: string;
  readonly scope: "region" | "account" | "per-resource";
  readonly used: number;
  readonly limit: number;
  readonly adjustable: boolean;
  readonly fits: boolean;
}
export interface QuotaBudget {
  readonly region: string;
  /** Every quota the stacks consume, region- and account-level first. */
  readonly lines: readonly QuotaLine[];
  /** How many more copies of the LAST plan fit next to all the plans given (for one plan: how many copies of it fit in an empty account), under the limits; Infinity when nothing binds. */
  readonly copies: number;
  /** The quota that bounds `copies` (its name and code). */
  readonly binding: string | undefined;
}

/** The Region of a plan: its network layer's output `region`. */
function regionOf(plan: Plan): string {
  const region = plan.layers.find((l) => l.layer === "network")?.outputs.region;
  if (typeof region !== "string") throw new Error(`quota budget: the plan of ${plan.stack} has no network layer output "region"`);
  return region;
}

/**
 * The budget of plans that share one account in one region (the plans' region: from the network layer's outputs `region`), under the default quotas or `limits` (quota code -> value, overriding defaults).
 *
 * Each layer counts once, as the stack that deploys it: a plan that reads
 * another stack's network and data layers (`platform:networkStack`,
 * `dataStack`) shares them, it does not add them. `copies` counts the copies
 * of the last plan's own layers, itself included, that fit next to
 * everything else: for one plan of its own four layers, how many copies fit
 * in an empty account; for a short-lived environment, how many fit next to
 * the stack whose network and data it reads. A per-resource quota allows any
 * number of copies (each copy has its own resources) unless the last plan
 * already exceeds it.
 */
export function quotaBudget(plans: readonly Plan[], limits?: ReadonlyMap<string, number>): QuotaBudget {
  if (plans.length === 0) throw new Error("quota budget: no plan given");
  const region = regionOf(plans[0]);
  for (const plan of plans) {
    const other = regionOf(plan);
    if (other !== region)
      throw new Error(`quota budget: the plans are in different regions (${plans[0].stack} in ${region}, ${plan.stack} in ${other})`);
  }
  const all = plans.flatMap((p) => p.layers.flatMap((l) => l.resources));
  const byStack = layersByStack(plans);
  const last = plans[plans.length - 1].stack;
  // The last plan's own layers are what a copy of it adds; every other stack's come first.
  const stacks = [...[...byStack.keys()].filter((s) => s !== last), last];
  const usages = stacks.map((stack) => usageOf(byStack.get(stack) ?? [], all));
  const quotas = [...QUOTAS.values()].sort((a, b) => Number(a.scope === "per-resource") - Number(b.scope === "per-resource"));
  const lines: QuotaLine[] = [];
  let copies = Infinity;
  let binding: string | undefined;
  for (const quota of quotas) {
    const counts = usages.map((u) => u.get(quota.code) ?? new Map<string, number>());
    const used = combined(quota, counts);
    if (used === 0) continue;
    const limit = limits?.get(quota.code) ?? quota.default;
    const { code, name, scope, adjustable } = quota;
    lines.push({ code, name, scope, used, limit, adjustable, fits: used <= limit });
    const fit = copiesUnder(quota, limit, counts.slice(0, -1), counts[counts.length - 1]);
    if (fit < copies) {
      copies = fit;
      binding = `${name} (${code})`;
    }
  }
  return { region, lines, copies, binding };
}

/** The plan summary's lines: each quota used / limit, the copies that fit and the binding quota. */
export function formatQuotaBudget(budget: QuotaBudget): string {
  const figure = (n: number) => n.toLocaleString("en-US");
  const labels = budget.lines.map((l) => `${l.name} (${l.code})`);
  const used = budget.lines.map((l) => figure(l.used));
  const limits = budget.lines.map((l) => figure(l.limit));
  const [labelWidth, usedWidth, limitWidth] = [labels, used, limits].map((column) => max(column.map((c) => c.length)));
  const rows = budget.lines.map((l, i) => {
    const notes = [
      l.scope === "per-resource" ? "the most used resource" : l.scope === "account" ? "account-wide" : "",
      l.adjustable ? "" : "not adjustable",
      l.fits ? "" : "OVER THE LIMIT",
    ].filter((n) => n !== "");
    const row = `  ${labels[i].padEnd(labelWidth)}  ${used[i].padStart(usedWidth)} / ${limits[i].padEnd(limitWidth)}`;
    return (notes.length > 0 ? `${row}  (${notes.join(", ")})` : row).trimEnd();
  });
  const fit =
    budget.binding === undefined ? "Copies that fit: no quota binds" : `Copies that fit: ${budget.copies}, bound by ${budget.binding}`;
  return [`Quotas in ${budget.region} (used / limit):`, ...rows, fit].join("\n");
}
