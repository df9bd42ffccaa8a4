import { Fake, fakeArn, FAKE_ACCOUNT_ID, State, str } from "./kit";

/** The hosted zone id AWS gives ALB aliases in us-east-1 (the plan's default region). */
export const FAKE_ALB_ZONE_ID = "Z35SXDOTRQ7X7K";

/** `arn:...:loadbalancer/app/<name>/<id>` -> `app/<name>/<id>`; the same for listeners. */
function elbPath(arn: unknown, marker: string): string {
  const value = str(arn, "");
  const at = value.indexOf(marker);
  return at < 0 ? "app/unknown/0000000000000000" : value.slice(at + marker.length);
}

function uuid(hex: (length: number) => string): string {
  const h = hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const elb = (region: string, resource: string) => fakeArn("elasticloadbalancing", region, resource);

/** API Gateway ids: 10 lowercase letters and digits. */
const apiId = (hex: (length: number) => string) => hex(10);

/** The edge layer's resource types. */
export const EDGE_FAKES: Readonly<Record<string, Fake>> = {
  "aws:lb/loadBalancer:LoadBalancer": ({ region, name, inputs, hex }) => {
    const lbName = str(inputs.name, name);
    const arnSuffix = `app/${lbName}/${hex(16)}`;
    const arn = elb(region, `loadbalancer/${arnSuffix}`);
    const dnsName = `${lbName}-${parseInt(hex(8), 16)}.${region}.elb.amazonaws.com`;
    return { id: arn, state: { arn, arnSuffix, dnsName, zoneId: FAKE_ALB_ZONE_ID } };
  },
  "aws:lb/targetGroup:TargetGroup": ({ region, name, inputs, hex }) => {
    const arnSuffix = `targetgroup/${str(inputs.name, name)}/${hex(16)}`;
    const arn = elb(region, arnSuffix);
    return { id: arn, state: { arn, arnSuffix } };
  },
  "aws:lb/listener:Listener": ({ region, inputs, hex }) => {
    const arn = elb(region, `listener/${elbPath(inputs.loadBalancerArn, ":loadbalancer/")}/${hex(16)}`);
    return { id: arn, state: { arn } };
  },
  "aws:lb/listenerRule:ListenerRule": ({ region, inputs, hex }) => {
    const arn = elb(region, `listener-rule/${elbPath(inputs.listenerArn, ":listener/")}/${hex(16)}`);
    return { id: arn, state: { arn } };
  },
  "aws:s3/bucket:Bucket": ({ region, name, inputs }) => {
    const bucket = str(inputs.bucket, name);
    return {
      id: bucket,
      state: { bucket, arn: `arn:aws:s3:::${bucket}`, bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com` },
    };
  },
  "aws:wafv2/webAcl:WebAcl": ({ region, name, inputs, hex }) => {
    const id = uuid(hex);
    return { id, state: { arn: fakeArn("wafv2", region, `regional/webacl/${str(inputs.name, name)}/${id}`), capacity: 1127 } };
  },
  "aws:sns/topic:Topic": ({ region, name, inputs }) => {
    const arn = fakeArn("sns", region, str(inputs.name, name));
    return { id: arn, state: { arn } };
  },
  "aws:sns/topicSubscription:TopicSubscription": ({ inputs, hex }) => {
    const arn = `${str(inputs.topic, "arn:aws:sns:topic")}:${uuid(hex)}`;
    return { id: arn, state: { arn, pendingConfirmation: true } };
  },
  "aws:cloudwatch/dashboard:Dashboard": ({ name, inputs }) => {
    const dashboard = str(inputs.dashboardName, name);
    return { id: dashboard, state: { dashboardArn: `arn:aws:cloudwatch::${FAKE_ACCOUNT_ID}:dashboard/${dashboard}` } };
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": ({ region, name, inputs }) => {
    const alarm = str(inputs.name, name);
    return { id: alarm, state: { arn: fakeArn("cloudwatch", region, `alarm:${alarm}`) } };
  },
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": ({ name, inputs }) => ({ id: str(inputs.policyName, name), state: {} }),
  "aws:acm/certificate:Certificate": ({ region, inputs, hex }) => {
    const arn = fakeArn("acm", region, `certificate/${uuid(hex)}`);
    const domainName = str(inputs.domainName, "example.com");
    const domainValidationOptions: State[] = [
      {
        domainName,
        resourceRecordName: `_${hex(32)}.${domainName}.`,
        resourceRecordType: "CNAME",
        resourceRecordValue: `_${hex(24)}.acm-validations.aws.`,
      },
    ];
    return { id: arn, state: { arn, domainValidationOptions, status: "PENDING_VALIDATION" } };
  },
  "aws:acm/certificateValidation:CertificateValidation": ({ inputs }) => {
    const certificateArn = str(inputs.certificateArn, "arn:aws:acm:certificate");
    return { id: certificateArn, state: { certificateArn } };
  },
  "aws:apigateway/restApi:RestApi": ({ region, hex }) => {
    const id = apiId(hex);
    return {
      id,
      state: {
        arn: `arn:aws:apigateway:${region}::/restapis/${id}`,
        rootResourceId: hex(12).slice(2),
        executionArn: fakeArn("execute-api", region, id),
      },
    };
  },
  "aws:apigateway/resource:Resource": ({ inputs, hex }) => ({ id: hex(6), state: { path: `/${str(inputs.pathPart, "")}` } }),
  "aws:apigateway/deployment:Deployment": ({ hex }) => ({ id: hex(6), state: {} }),
  "aws:apigateway/stage:Stage": ({ region, inputs }) => {
    const restApi = str(inputs.restApi, "0000000000");
    const stage = str(inputs.stageName, "stage");
    return {
      id: `ags-${restApi}-${stage}`,
      state: {
        arn: `arn:aws:apigateway:${region}::/restapis/${restApi}/stages/${stage}`,
        invokeUrl: `https://${restApi}.execute-api.${region}.amazonaws.com/${stage}`,
        executionArn: fakeArn("execute-api", region, `${restApi}/${stage}`),
      },
    };
  },
  "aws:apigateway/apiKey:ApiKey": ({ region, hex }) => {
    const id = apiId(hex);
    return { id, state: { arn: `arn:aws:apigateway:${region}::/apikeys/${id}` } };
  },
  "aws:apigateway/usagePlan:UsagePlan": ({ region, hex }) => {
    const id = hex(6);
    return { id, state: { arn: `arn:aws:apigateway:${region}::/usageplans/${id}` } };
  },
  "aws:apigatewayv2/vpcLink:VpcLink": ({ region, hex }) => {
    const id = hex(6);
    return { id, state: { arn: `arn:aws:apigateway:${region}::/vpclinks/${id}` } };
  },
  "aws:route53/record:Record": ({ inputs }) => {
    const recordName = str(inputs.name, "record");
    return { id: `${str(inputs.zoneId, "Z")}_${recordName}_${str(inputs.type, "A")}`, state: { fqdn: recordName.replace(/\.$/, "") } };
  },
};
