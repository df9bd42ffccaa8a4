import { policyDocument } from "../../shared/iam";
import { allowingStatements, allows, policySize, statementAllows, wildcardMatch } from "../../shared/permissions/evaluate";

const doc = policyDocument([
  {
    Sid: "Logs",
    Effect: "Allow",
    Action: ["logs:CreateLogGroup"],
    Resource: "arn:aws:logs:us-east-1:${aws:PrincipalAccount}:log-group:orders-*-dev",
  },
  {
    Sid: "Star",
    Effect: "Allow",
    Action: "ec2:DescribeVpcs",
    Resource: "*",
    Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } },
  },
  {
    Sid: "Secret",
    Effect: "Allow",
    Action: ["secretsmanager:DescribeSecret"],
    Resource: ["arn:aws:secretsmanager:us-east-1:1:secret:orders-app-dev-??????"],
  },
  {
    Sid: "Zone",
    Effect: "Allow",
    Action: ["route53:ChangeResourceRecordSets", "route53:GetHostedZone"],
    Resource: "arn:aws:route53:::hostedzone/Z1",
    Condition: {
      "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["_*.api.example.com", "api.example.com"] },
    },
  },
  {
    Sid: "Attach",
    Effect: "Allow",
    Action: ["iam:AttachRolePolicy", "iam:ListAttachedRolePolicies"],
    Resource: "arn:aws:iam::1:role/r",
    Condition: { ArnEqualsIfExists: { "iam:PolicyARN": "arn:aws:iam::aws:policy/P" }, ArnLike: { "aws:SourceArn": "arn:aws:*" } },
  },
]);
const ACCOUNT = { variables: { "aws:PrincipalAccount": "123456789012" } };

describe("the IAM evaluator", () => {
  it("matches * as any run of characters and ? as exactly one, resources case-sensitively and actions not", () => {
    expect(wildcardMatch("a*c", "ab/c:d:c")).toBe(true);
    expect(wildcardMatch("a?c", "abc")).toBe(true);
    expect(wildcardMatch("a?c", "abbc")).toBe(false);
    expect(wildcardMatch("a.c", "abc")).toBe(false);
    expect(wildcardMatch("ABC", "abc")).toBe(false);
    expect(wildcardMatch("ec2:CreateVpc", "EC2:createvpc", true)).toBe(true);
    expect(wildcardMatch("ec2:CreateVpc", "ec2:CreateVpcEndpoint", true)).toBe(false);
    expect(wildcardMatch("ec2:Create*", "EC2:CREATEVPC", true)).toBe(true);
    expect(allows(doc, "LOGS:createloggroup", "arn:aws:logs:us-east-1:123456789012:log-group:orders-api-dev", ACCOUNT)).toBe(true);
  });

  it("replaces policy variables, and matches nothing when one is not given", () => {
    const arn = "arn:aws:logs:us-east-1:123456789012:log-group:orders-api-dev";
    expect(allows(doc, "logs:CreateLogGroup", arn, ACCOUNT)).toBe(true);
    expect(allows(doc, "logs:CreateLogGroup", arn)).toBe(false);
    expect(allows(doc, "logs:CreateLogGroup", arn.replace("123456789012", "210987654321"), ACCOUNT)).toBe(false);
    expect(allows(doc, "logs:DeleteLogGroup", arn, ACCOUNT)).toBe(false);
  });

  it("takes a request on * (an action without resource-level permissions) only from a statement on *", () => {
    expect(allows(doc, "ec2:DescribeVpcs", "*")).toBe(true);
    expect(allows(doc, "logs:CreateLogGroup", "*", ACCOUNT)).toBe(false);
    expect(allowingStatements(doc, "ec2:DescribeVpcs", "*")).toEqual(["Star"]);
  });

  it("matches a secret's six characters with ??????", () => {
    expect(allows(doc, "secretsmanager:DescribeSecret", "arn:aws:secretsmanager:us-east-1:1:secret:orders-app-dev-a1B2c3")).toBe(true);
    expect(allows(doc, "secretsmanager:DescribeSecret", "arn:aws:secretsmanager:us-east-1:1:secret:orders-app-dev-extra-a1B2c3")).toBe(
      false,
    );
  });

  it("ignores conditions without request keys, and evaluates them with", () => {
    expect(allows(doc, "ec2:DescribeVpcs", "*", { conditions: { "aws:RequestedRegion": "us-east-1" } })).toBe(true);
    expect(allows(doc, "ec2:DescribeVpcs", "*", { conditions: { "aws:RequestedRegion": "eu-west-1" } })).toBe(false);
    expect(allows(doc, "ec2:DescribeVpcs", "*", { conditions: {} })).toBe(false);
  });

  it("holds ForAllValues for every value and for an absent key, IfExists for an absent key", () => {
    const zone = "arn:aws:route53:::hostedzone/Z1";
    const names = (n: string[]) => ({ conditions: { "route53:ChangeResourceRecordSetsNormalizedRecordNames": n } });
    expect(allows(doc, "route53:ChangeResourceRecordSets", zone, names(["api.example.com", "_x1.api.example.com"]))).toBe(true);
    expect(allows(doc, "route53:ChangeResourceRecordSets", zone, names(["api.example.com", "www.example.com"]))).toBe(false);
    expect(allows(doc, "route53:GetHostedZone", zone, { conditions: {} })).toBe(true);
    const role = "arn:aws:iam::1:role/r";
    const src = { "aws:SourceArn": "arn:aws:x" };
    expect(allows(doc, "iam:AttachRolePolicy", role, { conditions: { ...src, "iam:PolicyARN": "arn:aws:iam::aws:policy/P" } })).toBe(true);
    expect(allows(doc, "iam:AttachRolePolicy", role, { conditions: { ...src, "iam:PolicyARN": "arn:aws:iam::aws:policy/Q" } })).toBe(false);
    expect(allows(doc, "iam:ListAttachedRolePolicies", role, { conditions: src })).toBe(true);
  });

  it("refuses to guess an operator it does not model", () => {
    const s = { Effect: "Allow" as const, Action: "a:B", Resource: "*", Condition: { NumericLessThan: { "aws:x": "1" } } };
    expect(() => statementAllows(s, "a:B", "*", { conditions: {} })).toThrow(/NumericLessThan is not modelled/);
    expect(statementAllows({ Effect: "Allow", Action: "a:B" }, "a:B", "x")).toBe(false);
  });

  it("counts a policy's size as IAM does, without whitespace", () => {
    const d = policyDocument([{ Sid: "A", Effect: "Allow", Action: "a:B", Resource: "*" }]);
    expect(policySize(d)).toBe(JSON.stringify(d).length);
    expect(policySize(d)).toBe(JSON.stringify(d, null, 2).replace(/\s/g, "").length);
  });
});
