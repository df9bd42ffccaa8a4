/** An IAM policy statement, as the platform writes them: allows only, actions always named. */
export interface PolicyStatement {
  /** Optional only so that the VPC flow log role's documents, deployed without a Sid, stay byte-identical. */
  readonly Sid?: string;
  readonly Effect: "Allow";
  readonly Principal?: { readonly AWS: string } | { readonly Service: string };
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** An IAM policy document (identity, resource or trust policy). */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

/** A policy document of the given statements; `undefined` entries (statements a feature leaves out) are dropped. */
export function policyDocument(statements: readonly (PolicyStatement | undefined)[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements.filter((s): s is PolicyStatement => s !== undefined) };
}

/**
 * The trust policy of a role an AWS service assumes. With `accountId`, only
 * on behalf of that account's resources (`aws:SourceAccount`), which guards
 * against the confused deputy.
 */
export function serviceTrust(sid: string, service: string, accountId?: string): PolicyDocument {
  return policyDocument([
    {
      Sid: sid,
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      ...(accountId === undefined ? {} : { Condition: { StringEquals: { "aws:SourceAccount": accountId } } }),
    },
  ]);
}
