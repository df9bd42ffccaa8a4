import { POLICIES } from "../../shared/policy/policies";

const constructed: { name: string; policies: unknown[] }[] = [];
jest.mock("@pulumi/policy", () => ({
  PolicyPack: class {
    constructor(name: string, args: { policies: unknown[] }) {
      constructed.push({ name, policies: args.policies });
    }
  },
}));

describe("CrossGuard pack", () => {
  it("serves exactly the policies the offline evaluation runs, under a valid pack name", async () => {
    await import("../../shared/policy/index");
    expect(constructed).toHaveLength(1);
    expect(constructed[0].name).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(constructed[0].policies).toEqual([...POLICIES]);
    expect(constructed[0].policies.every((p, i) => p === POLICIES[i])).toBe(true);
  });

  it("gives every policy a unique name other than the reserved 'all', and makes all but the KMS advice mandatory", () => {
    const names = POLICIES.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain("all");
    expect(POLICIES.filter((p) => p.enforcementLevel !== "mandatory").map((p) => p.name)).toEqual(["kms-encryption-advisory"]);
  });
});
