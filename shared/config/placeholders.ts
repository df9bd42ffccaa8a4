import { ConfigError, qualify } from "./errors";
import { PlatformConfig } from "./schema";

/**
 * A value a committed stack carries only as an example: a reserved example
 * domain, a made-up hosted zone, the documentation account. The plan runs
 * with it; AWS does not (ACM cannot validate a certificate for
 * `example.com`, the edge layer stops halfway and compute stays blocked).
 */
export interface Placeholder {
  /** The full key, `platform:domainName`. */
  readonly key: string;
  /** The value as set. */
  readonly value: string | readonly string[];
  /** What to set instead. */
  readonly expected: string;
  /** `platform:<key> is <value>; expected <...>`, as a `ConfigError` says it. */
  readonly message: string;
}

/** Whether a stack can be deployed as committed: `ok` exactly when it holds no placeholder. */
export interface Deployable {
  readonly ok: boolean;
  readonly placeholders: readonly Placeholder[];
}

/** The AWS account id of AWS's documentation examples. */
export const DOCUMENTATION_ACCOUNT = "123456789012";

/** RFC 2606 section 3: second-level names reserved for examples (and every name under them). */
const EXAMPLE_DOMAINS = ["example.com", "example.net", "example.org"];
/** RFC 2606 section 2 and RFC 6761: top-level names that are never delegated. */
const RESERVED_TLDS = ["example", "test", "invalid", "localhost"];

const RESERVED_DOMAINS_DOC = "example.com, example.net, example.org and names under .example, .test, .invalid, .localhost are reserved";

/** True for a reserved example domain (RFC 2606, RFC 6761) or any name under one. */
export function isReservedDomain(name: string): boolean {
  const labels = name.toLowerCase().replace(/\.$/, "").split(".");
  const tld = labels[labels.length - 1];
  return RESERVED_TLDS.includes(tld) || EXAMPLE_DOMAINS.includes(labels.slice(-2).join("."));
}

/** True for a hosted zone id that is plainly made up (`Z0EXAMPLE...`). */
export function isPlaceholderZone(id: string): boolean {
  return /example/i.test(id);
}

/** True when a value (an ARN, an ECR image URI, an account id) names the documentation account. */
export function namesDocumentationAccount(value: string): boolean {
  return new RegExp(`(^|[^0-9])${DOCUMENTATION_ACCOUNT}([^0-9]|$)`).test(value);
}

function placeholder(key: string, value: string | readonly string[], expected: string): Placeholder {
  return { key: qualify(key), value, expected, message: new ConfigError(key, value, expected).message };
}

/**
 * The placeholder values of a stack's parsed config, in the order of its
 * keys: `domainName` under a reserved example domain, a `hostedZoneId`
 * containing EXAMPLE, `alarmEmails` at an example domain, and
 * `allowedAccountIds`, `certificateArn` or `imageUri` in the documentation
 * account 123456789012. Empty when the stack can be deployed as it is.
 */
export function findPlaceholders(cfg: PlatformConfig): readonly Placeholder[] {
  const found: Placeholder[] = [];
  const docAccount = `${DOCUMENTATION_ACCOUNT} is the account of AWS's documentation examples`;
  if (cfg.allowedAccountIds.some(namesDocumentationAccount)) {
    found.push(
      placeholder(
        "allowedAccountIds",
        cfg.allowedAccountIds,
        `the ids of your AWS accounts (${docAccount}: the provider would refuse yours)`,
      ),
    );
  }
  const https = cfg.edge.https;
  if (https.kind === "domain" && isReservedDomain(https.domainName)) {
    found.push(
      placeholder(
        "domainName",
        https.domainName,
        `a domain you own, in the hosted zone of platform:hostedZoneId (${RESERVED_DOMAINS_DOC}: ACM cannot validate a certificate for them)`,
      ),
    );
  }
  if (https.kind === "domain" && isPlaceholderZone(https.hostedZoneId)) {
    found.push(
      placeholder(
        "hostedZoneId",
        https.hostedZoneId,
        "the id of your Route 53 hosted zone that holds platform:domainName (aws route53 list-hosted-zones-by-name shows it)",
      ),
    );
  }
  if (https.kind === "certificate" && namesDocumentationAccount(https.certificateArn)) {
    found.push(placeholder("certificateArn", https.certificateArn, `the ARN of an ACM certificate in your account (${docAccount})`));
  }
  const examples = cfg.edge.alarmEmails.filter((email) => isReservedDomain(email.slice(email.lastIndexOf("@") + 1)));
  if (examples.length > 0) {
    found.push(
      placeholder(
        "alarmEmails",
        cfg.edge.alarmEmails,
        `addresses that receive mail (${examples.join(", ")} ${examples.length === 1 ? "is" : "are"} at a reserved example domain: the subscription would never be confirmed)`,
      ),
    );
  }
  const image = cfg.compute.image;
  if (image.kind === "uri" && namesDocumentationAccount(image.uri)) {
    found.push(placeholder("imageUri", image.uri, `the URI of your image (${docAccount}: ECS could not pull it)`));
  }
  return found;
}

/** Whether the stack can be deployed as committed, with the placeholders to replace first. */
export function deployability(cfg: PlatformConfig): Deployable {
  const placeholders = findPlaceholders(cfg);
  return { ok: placeholders.length === 0, placeholders };
}

/** Where to set the real values, then each placeholder on its own line. */
export function placeholderFixes(stack: string, placeholders: readonly Placeholder[]): string {
  const what = placeholders.length === 1 ? "this key" : `each of these ${placeholders.length} keys`;
  return [`set ${what} in stacks/Pulumi.${stack}.yaml:`, ...placeholders.map((p) => `  - ${p.message}`)].join("\n");
}
