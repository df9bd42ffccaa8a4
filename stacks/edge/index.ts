import { EdgeOutputs, Exported, httpsEnabled, loadPlatformConfig, readData, readNetwork } from "../../shared";

/**
 * The edge layer: load balancer, WAF, dashboard and alarms. Its return value is the stack outputs.
 * MINIMAL PLACEHOLDER (issue 4 replaces it): exports the contract with stand-in values.
 */
export = async () => {
  const cfg = loadPlatformConfig();
  const network = readNetwork(cfg);
  const data = readData(cfg);
  const elb = (resource: string) => `arn:aws:elasticloadbalancing:${cfg.region}:123456789012:${resource}`;
  const alb = `app/${cfg.system}-alb-${cfg.environmentSuffix}/0123456789abcdef`;
  const tg = (color: string) => `targetgroup/${cfg.system}-tg-${color}-${cfg.environmentSuffix}/0123456789abcdef`;

  return {
    system: network.system,
    region: data.region,
    environmentSuffix: cfg.environmentSuffix,
    albDnsName: `${cfg.system}-alb-${cfg.environmentSuffix}-123456789.${cfg.region}.elb.amazonaws.com`,
    albArn: elb(`loadbalancer/${alb}`),
    albArnSuffix: alb,
    httpsEnabled: httpsEnabled(cfg),
    productionListenerArn: elb(`listener/${alb}/1111111111111111`),
    testListenerArn: elb(`listener/${alb}/2222222222222222`),
    productionListenerRuleArn: elb(`listener-rule/${alb}/1111111111111111/aaaaaaaaaaaaaaaa`),
    testListenerRuleArn: elb(`listener-rule/${alb}/2222222222222222/bbbbbbbbbbbbbbbb`),
    blueTargetGroupArn: elb(tg("blue")),
    blueTargetGroupArnSuffix: tg("blue"),
    greenTargetGroupArn: elb(tg("green")),
    greenTargetGroupArnSuffix: tg("green"),
    webAclArn: `arn:aws:wafv2:${cfg.region}:123456789012:regional/webacl/${cfg.system}-waf-${cfg.environmentSuffix}/placeholder`,
    alarmTopicArn: `arn:aws:sns:${cfg.region}:123456789012:${cfg.system}-alarms-${cfg.environmentSuffix}`,
    dashboardName: `${cfg.system}-dashboard-${cfg.environmentSuffix}`,
    dashboardUrl: `https://console.aws.amazon.com/cloudwatch/home?region=${cfg.region}#dashboards:name=${cfg.system}-dashboard-${cfg.environmentSuffix}`,
    rollbackAlarmNames: [`${cfg.system}-5xx-rate-${cfg.environmentSuffix}`],
  } satisfies Exported<EdgeOutputs>;
};
