import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { ApiGatewayConfig, Imported, NetworkOutputs } from "../../shared";
import { ApiMetricsTarget } from "./dashboard";

/** One method of the REST API: ANY on a resource, passed through to the load balancer. */
export interface ApiRoute {
  /** Part of the logical names of the route's resources. */
  readonly id: "root" | "proxy";
  /** The resource's path part below the root; absent for the root itself. */
  readonly pathPart?: string;
  /** The path of the integration's URI on the load balancer (a template of the route's path parameters). */
  readonly backendPath: string;
  /** Method request parameter -> integration request parameter. */
  readonly parameters: Readonly<Record<string, string>>;
  /**
   * The path the load balancer receives, as a mapping-template expression:
   * the client's path without the stage (see {@link stagelessPathTemplate}).
   */
  readonly overridePath: string;
}

/**
 * The API's routes: the root and a greedy `{proxy+}` below it, both ANY.
 * Every path reaches the load balancer as the client sent it, without the
 * stage, and the load balancer's rules answer the paths the API does not
 * serve with their 404, so `apiPathPatterns` stay defined in one place.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  { id: "root", backendPath: "/", parameters: {}, overridePath: "/" },
  {
    id: "proxy",
    pathPart: "{proxy+}",
    backendPath: "/{proxy}",
    parameters: { "integration.request.path.proxy": "method.request.path.proxy" },
    overridePath: "/$input.params().path.get('proxy')",
  },
];

/**
 * The content types the API accepts: JSON (and requests without a body,
 * which API Gateway treats as JSON) and form posts (webhook senders use
 * both). Any other content type is refused with 415 by API Gateway: without
 * a template the stage-prefix override below would not run and the load
 * balancer would answer the prefixed path with its 404.
 */
export const API_CONTENT_TYPES = ["application/json", "application/x-www-form-urlencoded"] as const;

/**
 * The request mapping template of a route. In a private integration API
 * Gateway puts the stage in front of the path it sends to the backend
 * (`/v1/payments`, not `/payments`); AWS's fix is an override of
 * `$context.requestOverride.path` ("Private integrations for REST APIs",
 * Considerations: https://docs.aws.amazon.com/apigateway/latest/developerguide/private-integration.html,
 * and "Override your API's request and response parameters":
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-override-request-response-parameters.html,
 * both read 2026-12-03). The body passes through unchanged (`$input.body`,
 * on the same line, so not a byte is added to a signed webhook body).
 */
export function stagelessPathTemplate(route: ApiRoute): string {
  return `#set($context.requestOverride.path = "${route.overridePath}")$input.body`;
}

/** The route's request templates: the same stage-less override for every accepted content type. */
export function requestTemplates(route: ApiRoute): Record<string, string> {
  return Object.fromEntries(API_CONTENT_TYPES.map((type) => [type, stagelessPathTemplate(route)]));
}

/**
 * One JSON line per request: who called (address, API key id, user agent),
 * what, the answer, and how the load balancer behind the link answered.
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  apiKeyId: "$context.identity.apiKeyId",
  userAgent: "$context.identity.userAgent",
  requestTime: "$context.requestTime",
  httpMethod: "$context.httpMethod",
  path: "$context.path",
  protocol: "$context.protocol",
  status: "$context.status",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationStatus: "$context.integration.status",
  integrationLatency: "$context.integration.latency",
  integrationError: "$context.integration.error",
});

/** API Gateway's integration timeout for REST APIs, in milliseconds (its default and usual maximum). */
export const INTEGRATION_TIMEOUT_MS = 29_000;

/** The integration's URI: it sets the Host header and the path; the VPC link and the target ARN choose the load balancer. */
export function integrationUri(host: string, port: number, route: ApiRoute): string {
  return `http://${host}:${port}${route.backendPath}`;
}

/** Every method: ANY, no IAM or authorizer, the API key required. */
export const METHOD_SETTINGS = { httpMethod: "ANY", authorization: "NONE", apiKeyRequired: true } as const;

/**
 * Every integration: an HTTP proxy over the VPC link, the client's method
 * and body passed through; a content type without a template (see
 * {@link API_CONTENT_TYPES}) is refused (`NEVER`) rather than sent on
 * with the stage in its path.
 */
export const INTEGRATION_SETTINGS = {
  type: "HTTP_PROXY",
  integrationHttpMethod: "ANY",
  connectionType: "VPC_LINK",
  passthroughBehavior: "NEVER",
  timeoutMilliseconds: INTEGRATION_TIMEOUT_MS,
} as const;

/** What a deployment freezes: the routes, their methods and integrations. Any change must create a new deployment. */
export interface ApiDefinition {
  readonly routes: readonly ApiRoute[];
  readonly method: typeof METHOD_SETTINGS;
  readonly integration: typeof INTEGRATION_SETTINGS & {
    readonly target: string;
    readonly vpcLink: string;
    readonly host: string;
    readonly port: number;
  };
}

/** A stable hash of an API definition: the deployment's trigger, so a changed definition replaces the deployment. */
export function definitionHash(definition: ApiDefinition): string {
  return createHash("sha256").update(JSON.stringify(definition)).digest("hex");
}

/** The network layer's VPC link group, which exists only when the network layer was deployed with `apiGateway: true`. */
export function requireVpcLinkGroup(id: string | undefined): string {
  if (id === undefined || id === "") {
    throw new Error(
      "the network stack exports no apiGatewayVpcLinkSecurityGroupId: deploy the network layer with platform:apiGateway true first",
    );
  }
  return id;
}

/** The physical names of the API's resources. */
export interface ApiGatewayNames {
  /** The REST API's name; also the `ApiName` dimension of its metrics. */
  readonly restApi: string;
  readonly vpcLink: string;
  readonly apiKey: string;
  readonly usagePlan: string;
  /** The access log group, used with `settings.accessLogs`. */
  readonly accessLogGroup: string;
}

export interface ApiGatewayArgs {
  /** The stage's name, the throttling rate and burst, and whether the stage writes access logs. */
  readonly settings: ApiGatewayConfig;
  readonly names: ApiGatewayNames;
  /** The API, as the descriptions name it, e.g. `payments`. */
  readonly apiName: string;
  /** Days the access log group keeps its records (with `settings.accessLogs`). */
  readonly accessLogRetentionDays: number;
  readonly network: Imported<NetworkOutputs>;
  /** The internal load balancer the API forwards to. */
  readonly loadBalancerArn: pulumi.Input<string>;
  readonly loadBalancerDnsName: pulumi.Input<string>;
  /** The production listener's port (HTTP). */
  readonly listenerPort: number;
}

/**
 * A regional REST API in front of the internal load balancer: a VPC link
 * (v2) in the private subnets with the network layer's link group, ANY on
 * the root and on `{proxy+}` with the API key required, HTTP proxy
 * integrations to the load balancer over the link, a deployment replaced
 * whenever the definition changes, a separate stage with metrics and
 * throttling, an API key whose value AWS generates, and a usage plan that
 * binds the key to the stage with rate and burst limits.
 */
export class ApiGateway extends pulumi.ComponentResource {
  public readonly restApiId: pulumi.Output<string>;
  public readonly stageName: pulumi.Output<string>;
  /** `arn:aws:apigateway:<region>::/restapis/<id>/stages/<stage>`: what the web ACL is associated with. */
  public readonly stageArn: pulumi.Output<string>;
  public readonly invokeUrl: pulumi.Output<string>;
  public readonly apiKeyId: pulumi.Output<string>;
  /** The `ApiName` and `Stage` dimensions of the stage's metrics. */
  public readonly metricsTarget: ApiMetricsTarget;

  constructor(name: string, args: ApiGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:edge:ApiGateway", name, {}, opts);
    const { settings, network, names } = args;
    const apiName = names.restApi;

    const link = new aws.apigatewayv2.VpcLink(
      `${name}-vpc-link`,
      {
        name: names.vpcLink,
        subnetIds: network.privateSubnetIds,
        securityGroupIds: [network.apiGatewayVpcLinkSecurityGroupId.apply(requireVpcLinkGroup)],
      },
      { parent: this },
    );
    const api = new aws.apigateway.RestApi(
      `${name}-api`,
      {
        name: apiName,
        description: `The ${args.apiName} API: every method requires an API key; forwards to the internal load balancer over a VPC link`,
        endpointConfiguration: { types: "REGIONAL" },
        apiKeySource: "HEADER",
      },
      { parent: this },
    );

    const integrations: aws.apigateway.Integration[] = [];
    const methods: aws.apigateway.Method[] = [];
    for (const route of API_ROUTES) {
      const resourceId =
        route.pathPart === undefined
          ? api.rootResourceId
          : new aws.apigateway.Resource(
              `${name}-${route.id}`,
              { restApi: api.id, parentId: api.rootResourceId, pathPart: route.pathPart },
              { parent: this },
            ).id;
      const method = new aws.apigateway.Method(
        `${name}-${route.id}-any`,
        {
          restApi: api.id,
          resourceId,
          ...METHOD_SETTINGS,
          requestParameters: Object.fromEntries(Object.values(route.parameters).map((p) => [p, true])),
        },
        { parent: this },
      );
      methods.push(method);
      integrations.push(
        new aws.apigateway.Integration(
          `${name}-${route.id}-integration`,
          {
            restApi: api.id,
            resourceId,
            httpMethod: method.httpMethod,
            ...INTEGRATION_SETTINGS,
            connectionId: link.id,
            integrationTarget: args.loadBalancerArn,
            uri: pulumi.output(args.loadBalancerDnsName).apply((host) => integrationUri(host, args.listenerPort, route)),
            requestParameters: { ...route.parameters },
            requestTemplates: requestTemplates(route),
          },
          { parent: this },
        ),
      );
    }

    const trigger = pulumi.all([args.loadBalancerArn, link.id, args.loadBalancerDnsName]).apply(([target, vpcLink, host]) =>
      definitionHash({
        routes: API_ROUTES,
        method: METHOD_SETTINGS,
        integration: { ...INTEGRATION_SETTINGS, target, vpcLink, host, port: args.listenerPort },
      }),
    );
    // Replaced (new one first, the default) whenever the definition changes, so the stage always serves the current API.
    const deployment = new aws.apigateway.Deployment(
      `${name}-deployment`,
      { restApi: api.id, description: `Deployment of ${apiName}`, triggers: { definition: trigger } },
      { parent: this, dependsOn: [...methods, ...integrations] },
    );
    // A REST API stage's access logs are written by API Gateway with the account's CloudWatch Logs role (the API Gateway
    // account setting, an IAM role apigateway.amazonaws.com assumes): no CloudWatch Logs resource policy, account-level or
    // on the log group, is created or used ("Set up CloudWatch logging for REST APIs in API Gateway", "Permissions for
    // CloudWatch logging": https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html). HTTP APIs'
    // access logs differ: vended logs, for which AWS writes a resource policy
    // (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html).
    const accessLogs = settings.accessLogs
      ? new aws.cloudwatch.LogGroup(
          `${name}-access-logs`,
          { name: names.accessLogGroup, retentionInDays: args.accessLogRetentionDays },
          { parent: this },
        )
      : undefined;
    const stage = new aws.apigateway.Stage(
      `${name}-stage`,
      {
        restApi: api.id,
        deployment: deployment.id,
        stageName: settings.stageName,
        description: `The ${args.apiName} API's ${settings.stageName} stage`,
        accessLogSettings: accessLogs === undefined ? undefined : { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
      },
      { parent: this },
    );
    new aws.apigateway.MethodSettings(
      `${name}-method-settings`,
      {
        restApi: api.id,
        stageName: stage.stageName,
        methodPath: "*/*",
        settings: {
          metricsEnabled: true,
          // Execution logs need the account-wide CloudWatch role, which a per-system stack does not own.
          loggingLevel: "OFF",
          dataTraceEnabled: false,
          throttlingRateLimit: settings.rateLimit,
          throttlingBurstLimit: settings.burstLimit,
        },
      },
      { parent: this },
    );

    const key = new aws.apigateway.ApiKey(
      `${name}-key`,
      { name: names.apiKey, description: `Client key of the ${args.apiName} API; AWS generates the value`, enabled: true },
      { parent: this },
    );
    const plan = new aws.apigateway.UsagePlan(
      `${name}-usage-plan`,
      {
        name: names.usagePlan,
        description: `Throttle of the ${args.apiName} API's key on the ${settings.stageName} stage`,
        apiStages: [{ apiId: api.id, stage: stage.stageName }],
        throttleSettings: { rateLimit: settings.rateLimit, burstLimit: settings.burstLimit },
      },
      { parent: this },
    );
    new aws.apigateway.UsagePlanKey(
      `${name}-usage-plan-key`,
      { keyId: key.id, keyType: "API_KEY", usagePlanId: plan.id },
      { parent: this },
    );

    this.restApiId = api.id;
    this.stageName = stage.stageName;
    this.stageArn = stage.arn;
    this.invokeUrl = stage.invokeUrl;
    this.apiKeyId = key.id;
    this.metricsTarget = { apiName, stageName: settings.stageName };
    this.registerOutputs({
      restApiId: this.restApiId,
      stageName: this.stageName,
      stageArn: this.stageArn,
      invokeUrl: this.invokeUrl,
      apiKeyId: this.apiKeyId,
    });
  }
}
