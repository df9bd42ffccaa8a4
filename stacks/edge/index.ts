import {
  apiGatewayEnabled,
  awsProvider,
  backupCheckMetric,
  EdgeOutputs,
  Exported,
  httpsEnabled,
  loadPlatformConfig,
  nameOf,
  pendingOrdersMetric,
  readData,
  readNetwork,
  upstreamStackName,
} from "../../shared";
import { accessLogsBucketName } from "../../shared/names/edge";
import { ApiGateway } from "./apiGateway";
import { LoadBalancer, listenerSpecs } from "./loadBalancer";
import { Monitoring } from "./monitoring";
import { redactedHeaders, WebFirewall, wafRules } from "./waf";

/**
 * The edge layer: the load balancer and its routing, optionally an API
 * Gateway REST API in front of it, the WAF on whichever faces clients, and
 * the dashboard and alarms the operations team watches. Its return value is
 * the stack outputs.
 */
export = async () => {
  const cfg = loadPlatformConfig();
  // The bucket name is completed with hex drawn at deployment; check now that it fits.
  accessLogsBucketName(cfg, cfg.region, "00000000");
  const provider = awsProvider(cfg, "edge");
  const network = readNetwork(cfg);
  const data = readData(cfg);

  const edge = cfg.edge;
  const lb = new LoadBalancer(
    "edge",
    {
      network,
      names: {
        alb: nameOf(cfg, "alb"),
        blueTargetGroup: nameOf(cfg, "blueTargetGroup"),
        greenTargetGroup: nameOf(cfg, "greenTargetGroup"),
        accessLogsBucket: (hex) => accessLogsBucketName(cfg, cfg.region, hex),
      },
      listeners: listenerSpecs(cfg),
      https: edge.https,
      apiPathPatterns: edge.apiPathPatterns,
      containerPort: cfg.compute.containerPort,
      sslPolicy: edge.albSslPolicy,
      idleTimeoutSeconds: edge.albIdleTimeoutSeconds,
      deregistrationDelaySeconds: edge.deregistrationDelaySeconds,
      accessLogs: { expirationDays: edge.albAccessLogExpirationDays, delivery: edge.accessLogDelivery },
      internal: apiGatewayEnabled(cfg),
      deletionProtection: cfg.deletionProtection,
    },
    { provider },
  );
  const settings = cfg.edge.apiGateway;
  const api =
    settings === undefined
      ? undefined
      : new ApiGateway(
          "edge",
          {
            settings,
            names: {
              restApi: nameOf(cfg, "restApi"),
              vpcLink: nameOf(cfg, "apiVpcLink"),
              apiKey: nameOf(cfg, "apiKey"),
              usagePlan: nameOf(cfg, "usagePlan"),
              accessLogGroup: nameOf(cfg, "apiAccessLogGroup"),
            },
            apiName: cfg.system,
            accessLogRetentionDays: cfg.compute.apiLogRetentionDays,
            network,
            loadBalancerArn: lb.arn,
            loadBalancerDnsName: lb.dnsName,
            listenerPort: (listenerSpecs(cfg).find((spec) => spec.role === "production") as { port: number }).port,
          },
          { provider },
        );
  const waf = new WebFirewall(
    "edge",
    {
      protectedResourceArn: api?.stageArn ?? lb.arn,
      webAclName: nameOf(cfg, "webAcl"),
      apiName: cfg.system,
      rules: wafRules(cfg),
      logGroupName: nameOf(cfg, "wafLogGroup"),
      logRetentionDays: cfg.edge.wafLogRetentionDays,
      region: cfg.region,
      redactedHeaders: redactedHeaders(cfg),
    },
    { provider },
  );
  const monitoring = new Monitoring(
    "edge",
    {
      nameOf: (kind) => nameOf(cfg, kind),
      region: cfg.region,
      thresholds: edge.alarms,
      alarmEmails: edge.alarmEmails,
      clusterName: nameOf(cfg, "ecsCluster"),
      serviceName: nameOf(cfg, "ecsService"),
      pendingOrders: pendingOrdersMetric(cfg),
      backupCheck:
        cfg.data.backupVerification === undefined
          ? undefined
          : {
              metric: backupCheckMetric(cfg),
              functionName: nameOf(cfg, "backupCheckFunction"),
              maxAgeHours: cfg.data.backupVerification.maxAgeHours,
            },
      cache:
        cfg.cacheCluster === undefined
          ? undefined
          : { alarmMemoryPercent: cfg.cacheCluster.alarmMemoryPercent, dataStack: upstreamStackName(cfg, "data") },
      loadBalancerArnSuffix: lb.arnSuffix,
      blueTargetGroupArnSuffix: lb.blue.arnSuffix,
      greenTargetGroupArnSuffix: lb.green.arnSuffix,
      webAclName: waf.webAclName,
      data,
      ...(api === undefined ? {} : { api: api.metricsTarget }),
    },
    { provider },
  );

  return {
    system: cfg.system,
    region: cfg.region,
    environmentSuffix: cfg.environmentSuffix,
    albDnsName: lb.dnsName,
    albArn: lb.arn,
    albArnSuffix: lb.arnSuffix,
    httpsEnabled: httpsEnabled(cfg),
    apiUrl: api?.invokeUrl ?? lb.url,
    productionListenerArn: lb.productionListenerArn,
    ...(lb.redirectListenerArn === undefined ? {} : { redirectListenerArn: lb.redirectListenerArn }),
    testListenerArn: lb.testListenerArn,
    productionListenerRuleArn: lb.productionRuleArn,
    testListenerRuleArn: lb.testRuleArn,
    blueTargetGroupArn: lb.blue.arn,
    blueTargetGroupArnSuffix: lb.blue.arnSuffix,
    greenTargetGroupArn: lb.green.arn,
    greenTargetGroupArnSuffix: lb.green.arnSuffix,
    webAclArn: waf.webAclArn,
    alarmTopicArn: monitoring.topicArn,
    dashboardName: monitoring.dashboardName,
    dashboardUrl: monitoring.dashboardUrl,
    rollbackAlarmNames: monitoring.rollbackAlarmNames,
    accessLogsBucketName: lb.accessLogsBucketName,
    wafLogGroupName: waf.logGroupName,
    ...(api === undefined
      ? {}
      : { apiGatewayInvokeUrl: api.invokeUrl, restApiId: api.restApiId, apiStageName: api.stageName, apiKeyId: api.apiKeyId }),
  } satisfies Exported<EdgeOutputs>;
};
