import { cacheMemberClusterIds } from "../../config/cache";
import { Fake, fakeArn, State, str } from "./kit";

const uuid = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;

/** A Secrets Manager ARN: the name plus the six random characters AWS appends. */
const secretArn = (region: string, name: string, hex: (n: number) => string) =>
  fakeArn("secretsmanager", region, `secret:${name}-${hex(6)}`);

/** An RDS resource named by its identifier input, with its ARN. */
function rds(kind: string, nameInput: string): Fake {
  return ({ region, name, inputs }) => {
    const id = str(inputs[nameInput], name);
    return { id, state: { arn: fakeArn("rds", region, `${kind}:${id}`) } };
  };
}

/** The short region of ElastiCache endpoints: us-west-2 -> usw2, ap-southeast-1 -> apse1. */
export function cacheRegionCode(region: string): string {
  const [area, direction, n] = region.split("-");
  const short = direction.replace("north", "n").replace("south", "s").replace("east", "e").replace("west", "w").replace("central", "c");
  return `${area}${short}${n}`;
}

const num = (v: unknown, fallback: number): number => (typeof v === "number" ? v : fallback);

/** The data layer's resource types (and the random passwords of application secrets, the random ids of final snapshots, and the backup check's function and schedule). */
export const DATA_FAKES: Readonly<Record<string, Fake>> = {
  "aws:rds/cluster:Cluster": ({ region, name, inputs, hex }) => {
    const id = str(inputs.clusterIdentifier, name);
    const dns = `c${hex(11)}.${region}.rds.amazonaws.com`;
    return {
      id,
      state: {
        arn: fakeArn("rds", region, `cluster:${id}`),
        clusterIdentifier: id,
        clusterResourceId: `cluster-${hex(26).toUpperCase()}`,
        endpoint: `${id}.cluster-${dns}`,
        readerEndpoint: `${id}.cluster-ro-${dns}`,
        engineVersionActual: str(inputs.engineVersion, ""),
        hostedZoneId: "Z2R2ITUGPM61AM",
        masterUserSecrets: [
          {
            secretArn: secretArn(region, `rds!cluster-${uuid(hex(32))}`, hex),
            secretStatus: "active",
            kmsKeyId: str(inputs.masterUserSecretKmsKeyId, "alias/aws/secretsmanager"),
          },
        ],
      },
    };
  },
  "aws:rds/clusterInstance:ClusterInstance": ({ region, name, inputs, hex }) => {
    const id = str(inputs.identifier, name);
    return {
      id,
      state: {
        arn: fakeArn("rds", region, `db:${id}`),
        dbiResourceId: `db-${hex(26).toUpperCase()}`,
        endpoint: `${id}.c${hex(11)}.${region}.rds.amazonaws.com`,
        writer: name.endsWith("-1"),
      },
    };
  },
  "aws:rds/subnetGroup:SubnetGroup": rds("subgrp", "name"),
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": rds("cluster-pg", "name"),
  "aws:elasticache/replicationGroup:ReplicationGroup": ({ region, name, inputs, hex }) => {
    const id = str(inputs.replicationGroupId, name);
    return {
      id,
      state: {
        arn: fakeArn("elasticache", region, `replicationgroup:${id}`),
        clusterEnabled: true,
        configurationEndpointAddress: `clustercfg.${id}.${hex(6)}.${cacheRegionCode(region)}.cache.amazonaws.com`,
        engineVersionActual: `${str(inputs.engineVersion, "8.2")}.0`,
        memberClusters: cacheMemberClusterIds(id, num(inputs.numNodeGroups, 1), num(inputs.replicasPerNodeGroup, 0)),
      },
    };
  },
  "aws:elasticache/subnetGroup:SubnetGroup": ({ region, name, inputs }) => {
    const id = str(inputs.name, name);
    return { id, state: { arn: fakeArn("elasticache", region, `subnetgroup:${id}`) } };
  },
  "aws:secretsmanager/secret:Secret": ({ region, name, inputs, hex }) => {
    const arn = secretArn(region, str(inputs.name, name), hex);
    return { id: arn, state: { arn } };
  },
  "aws:secretsmanager/secretVersion:SecretVersion": ({ inputs, hex }) => {
    const versionId = uuid(hex(32));
    return { id: `${str(inputs.secretId, "secret")}|${versionId}`, state: { versionId, versionStages: ["AWSCURRENT"] } };
  },
  "aws:secretsmanager/secretRotation:SecretRotation": ({ inputs }) => ({
    id: str(inputs.secretId, "secret"),
    state: { rotationEnabled: true },
  }),
  "aws:kms/key:Key": ({ region, hex }) => {
    const keyId = uuid(hex(32));
    return { id: keyId, state: { keyId, arn: fakeArn("kms", region, `key/${keyId}`) } };
  },
  "aws:kms/alias:Alias": ({ region, name, inputs }) => {
    const alias = str(inputs.name, name);
    return { id: alias, state: { arn: fakeArn("kms", region, alias) } };
  },
  "aws:lambda/function:Function": ({ region, name, inputs }) => {
    const fn = str(inputs.name, name);
    const arn = fakeArn("lambda", region, `function:${fn}`);
    return {
      id: fn,
      state: {
        arn,
        qualifiedArn: `${arn}:$LATEST`,
        version: "$LATEST",
        invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
      },
    };
  },
  "aws:cloudwatch/eventRule:EventRule": ({ region, name, inputs }) => {
    const rule = str(inputs.name, name);
    return { id: rule, state: { arn: fakeArn("events", region, `rule/${rule}`) } };
  },
  // The random id's encodings of `byteLength` bytes, as the random provider computes them (at most 32: the fakes' hex is a SHA-256).
  "random:index/randomId:RandomId": ({ inputs, hex }) => {
    const bytes = Buffer.from(hex(2 * num(inputs.byteLength, 8)), "hex");
    const b64Url = bytes.toString("base64url");
    return {
      id: b64Url,
      state: { hex: bytes.toString("hex"), b64Std: bytes.toString("base64"), b64Url, dec: BigInt(`0x${bytes.toString("hex")}`).toString() },
    };
  },
  "random:index/randomPassword:RandomPassword": ({ hex }) => {
    const state: State = { result: hex(40), bcryptHash: `$2a$10$${hex(53)}` };
    return { id: "none", state };
  },
};
