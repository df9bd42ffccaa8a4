import { policyDocument, serviceTrust } from "../../shared/iam";

describe("IAM documents", () => {
  it("trusts a service for one account only when given the account (aws:SourceAccount, against the confused deputy)", () => {
    expect(serviceTrust("LambdaOfThisAccount", "lambda.amazonaws.com", "123456789012")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "LambdaOfThisAccount",
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        },
      ],
    });
    expect(serviceTrust("Ecs", "ecs.amazonaws.com").Statement[0]).not.toHaveProperty("Condition");
  });

  it("drops the statements a feature leaves out, keeping the others in order", () => {
    const a = { Sid: "A", Effect: "Allow", Action: "s3:GetObject", Resource: "*" } as const;
    const b = { Sid: "B", Effect: "Allow", Action: "s3:PutObject", Resource: "*" } as const;
    expect(policyDocument([a, undefined, b]).Statement).toEqual([a, b]);
  });
});
