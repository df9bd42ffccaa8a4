/** The account id the offline plan pretends to deploy into. */
export const FAKE_ACCOUNT_ID = "123456789012";

export type State = Record<string, unknown>;

/** What a fake resource's computed outputs are built from. */
export interface FakeContext {
  readonly region: string;
  /** The logical name. */
  readonly name: string;
  readonly inputs: State;
  /** A stable hex string derived from the resource's type and name. */
  readonly hex: (length: number) => string;
}

/** The computed id and outputs of one resource type, as AWS would return them. */
export type Fake = (ctx: FakeContext) => { id: string; state: State };

export const str = (v: unknown, fallback: string): string => (typeof v === "string" && v !== "" ? v : fallback);

export function fakeArn(service: string, region: string, resource: string): string {
  return `arn:aws:${service}:${region}:${FAKE_ACCOUNT_ID}:${resource}`;
}

/** An EC2-style resource: `<prefix>-0<hex>` id and its ARN. */
export function ec2(prefix: string, kind: string): Fake {
  return ({ region, hex }) => {
    const id = `${prefix}-0${hex(16)}`;
    return { id, state: { arn: fakeArn("ec2", region, `${kind}/${id}`) } };
  };
}
