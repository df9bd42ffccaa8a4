import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { nameOf, PlatformConfig } from "../../shared";

/**
 * The rule's priority among the account's sampling rules (1 is evaluated
 * first, AWS's default rule is last at 10000). Each rule matches one
 * service name only, so rules of different systems never compete.
 */
export const SAMPLING_RULE_PRIORITY = 1000;

/** Requests a second traced before the fixed rate applies, as in AWS's default rule: even a quiet service leaves a trace a second. */
export const SAMPLING_RESERVOIR_PER_SECOND = 1;

/**
 * The name the API's segments carry (its container's AWS_XRAY_TRACING_NAME)
 * and the sampling rule matches: the ECS service's name, so a trace names
 * the service it came from.
 */
export function tracingName(cfg: PlatformConfig): string {
  return nameOf(cfg, "ecsService");
}

export interface ApiTracingArgs {
  /** The sampling rule's name (at most 32 characters). */
  readonly ruleName: string;
  /** The service name the rule matches: the name the API's segments carry (see {@link tracingName}). */
  readonly serviceName: string;
  /** The share of requests traced beyond the reservoir, 0 to 1. */
  readonly samplingRate: number;
}

/**
 * The X-Ray sampling rule of the API: every request of this service, a
 * reservoir of one a second, then the configured fixed rate. The daemon
 * fetches it for the SDK, so changing the rate needs no new deployment.
 */
export class ApiTracing extends pulumi.ComponentResource {
  public readonly samplingRuleName: pulumi.Output<string>;

  constructor(name: string, args: ApiTracingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:ApiTracing", name, {}, opts);
    const rule = new aws.xray.SamplingRule(
      `${name}-sampling`,
      {
        ruleName: args.ruleName,
        priority: SAMPLING_RULE_PRIORITY,
        version: 1,
        reservoirSize: SAMPLING_RESERVOIR_PER_SECOND,
        fixedRate: args.samplingRate,
        serviceName: args.serviceName,
        serviceType: "*",
        host: "*",
        httpMethod: "*",
        urlPath: "*",
        resourceArn: "*",
      },
      { parent: this },
    );
    // The provider's id of a sampling rule is its name.
    this.samplingRuleName = rule.id;
    this.registerOutputs({ samplingRuleName: this.samplingRuleName });
  }
}
