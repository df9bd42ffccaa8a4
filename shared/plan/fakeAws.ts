import type * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";

import { FAKES } from "./fakes";
import { FAKE_ACCOUNT_ID, fakeArn, FakeContext, State, str } from "./fakes/kit";

export { FAKE_ACCOUNT_ID };

/**
 * Which lifetime of the stacks the mocks play: 1, the first deploy (the
 * committed plans), unless a caller runs a plan inside {@link inLifetime}.
 */
let lifetime = 1;

/**
 * Runs `plan` as lifetime `n` of the stacks: a deploy after `n - 1`
 * destroys. Every generated value of the fakes (ids, ARN suffixes, random
 * ids and passwords) then differs from the other lifetimes', as AWS and the
 * random provider draw them anew on each create; names given as inputs stay
 * as they are. Lifetime 1 is the plain plan, byte for byte.
 */
export async function inLifetime<T>(n: number, plan: () => Promise<T>): Promise<T> {
  if (!Number.isInteger(n) || n < 1) throw new Error(`a lifetime is a whole number from 1, not ${n}`);
  const before = lifetime;
  lifetime = n;
  try {
    return await plan();
  } finally {
    lifetime = before;
  }
}

/** The computed id and outputs of a resource registered under the offline plan's mocks. */
export function fakeResource(type: string, name: string, inputs: State, region: string): { id: string; state: State } {
  const seed = lifetime === 1 ? `${type}/${name}` : `${type}/${name}#${lifetime}`;
  const hex = (length: number) => createHash("sha256").update(seed).digest("hex").slice(0, length);
  const ctx: FakeContext = { region, name, inputs, hex };
  const fake = FAKES[type];
  if (fake) return fake(ctx);
  const service = type.split(":")[1]?.split("/")[0] ?? "unknown";
  const id = str(inputs.name, `${name}-${hex(8)}`);
  return { id, state: { arn: fakeArn(service, region, `${name}/${id}`) } };
}

/** Results of the data sources (invokes) the layers call. */
export function fakeCall(token: string, inputs: State, region: string): State {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { accountId: FAKE_ACCOUNT_ID, arn: `arn:aws:iam::${FAKE_ACCOUNT_ID}:user/plan`, userId: "AIDAPLAN", id: FAKE_ACCOUNT_ID };
    case "aws:index/getRegion:getRegion":
      return { name: region, region, id: region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
    default:
      return { ...inputs };
  }
}

/** Upstream stack outputs by fully qualified stack name, served to StackReferences. */
export type StackOutputs = Map<string, State>;

/**
 * The runtime mocks of the offline plan and the tests: fake AWS ids and
 * ARNs, and stack references answered from `stacks`. Referencing a stack
 * that is not in `stacks` fails as Pulumi does when a stack does not exist.
 */
export function platformMocks(region: string, stacks: StackOutputs): pulumi.runtime.Mocks {
  return {
    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: State } {
      if (args.type === "pulumi:pulumi:StackReference") {
        const stackName = str(args.inputs.name, args.name);
        const outputs = stacks.get(stackName);
        if (!outputs) throw new Error(`unknown stack "${stackName}": deploy it first`);
        return { id: stackName, state: { name: stackName, outputs, secretOutputNames: [] } };
      }
      const { id, state } = fakeResource(args.type, args.name, args.inputs, region);
      return { id, state: { ...args.inputs, ...state } };
    },
    call(args: pulumi.runtime.MockCallArgs): State {
      return fakeCall(args.token, args.inputs, region);
    },
  };
}
