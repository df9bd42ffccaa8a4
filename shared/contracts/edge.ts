import { PlatformConfig } from "../config";
import { Contract, defineContract, Imported, readUpstream, StackIdentity } from "./contract";

/** What the edge layer exports for the compute layer (and operators). */
export interface EdgeOutputs extends StackIdentity {
  readonly albDnsName: string;
  readonly albArn: string;
  /** `app/<name>/<id>`: the `LoadBalancer` dimension of ALB metrics. */
  readonly albArnSuffix: string;
  /**
   * Whether the load balancer terminates HTTPS (443, with 80 redirecting) or serves plain HTTP on 80.
   * Behind API Gateway it is false (the internal load balancer serves the VPC link over HTTP) while
   * clients reach the stage's invoke URL over HTTPS.
   */
  readonly httpsEnabled: boolean;
  /** Where clients reach the API: the API Gateway stage's invoke URL when API Gateway fronts the ALB, else `https://<domain or ALB DNS name>` with HTTPS, else `http://<ALB DNS name>`. */
  readonly apiUrl: string;
  /** The listener that serves production traffic (443 with HTTPS, else 80). */
  readonly productionListenerArn: string;
  /** The listener on 80 that redirects to 443; only with HTTPS. */
  readonly redirectListenerArn?: string;
  /** The listener that serves the green target group for tests. */
  readonly testListenerArn: string;
  /** The weighted forward rule ECS blue/green shifts production traffic with. */
  readonly productionListenerRuleArn: string;
  /** The test listener's rule ECS points at the new version. */
  readonly testListenerRuleArn: string;
  readonly blueTargetGroupArn: string;
  /** `targetgroup/<name>/<id>`: the `TargetGroup` dimension of ALB metrics. */
  readonly blueTargetGroupArnSuffix: string;
  readonly greenTargetGroupArn: string;
  readonly greenTargetGroupArnSuffix: string;
  readonly webAclArn: string;
  readonly alarmTopicArn: string;
  readonly dashboardName: string;
  readonly dashboardUrl: string;
  /** The alarms that roll back a bad ECS deployment. */
  readonly rollbackAlarmNames: string[];
  /** The S3 bucket of the load balancer's access logs. */
  readonly accessLogsBucketName: string;
  /** The CloudWatch log group of the web ACL's request logs (`aws-waf-logs-...`). */
  readonly wafLogGroupName: string;
  /** Only with API Gateway: the stage's invoke URL (`https://<api id>.execute-api.<region>.amazonaws.com/<stage>`). */
  readonly apiGatewayInvokeUrl?: string;
  /** Only with API Gateway: the REST API's id. */
  readonly restApiId?: string;
  /** Only with API Gateway: the stage's name. */
  readonly apiStageName?: string;
  /** Only with API Gateway: the id of the API key clients send as `x-api-key` (its value is never exported). */
  readonly apiKeyId?: string;
}

export const edgeContract: Contract<EdgeOutputs> = defineContract<EdgeOutputs>("edge", {
  system: "required",
  region: "required",
  environmentSuffix: "required",
  albDnsName: "required",
  albArn: "required",
  albArnSuffix: "required",
  httpsEnabled: "required",
  apiUrl: "required",
  productionListenerArn: "required",
  redirectListenerArn: "optional",
  testListenerArn: "required",
  productionListenerRuleArn: "required",
  testListenerRuleArn: "required",
  blueTargetGroupArn: "required",
  blueTargetGroupArnSuffix: "required",
  greenTargetGroupArn: "required",
  greenTargetGroupArnSuffix: "required",
  webAclArn: "required",
  alarmTopicArn: "required",
  dashboardName: "required",
  dashboardUrl: "required",
  rollbackAlarmNames: "required",
  accessLogsBucketName: "required",
  wafLogGroupName: "required",
  apiGatewayInvokeUrl: "optional",
  restApiId: "optional",
  apiStageName: "optional",
  apiKeyId: "optional",
});

/** The edge layer's outputs, for the compute layer. */
export function readEdge(cfg: PlatformConfig): Imported<EdgeOutputs> {
  return readUpstream(cfg, edgeContract);
}
