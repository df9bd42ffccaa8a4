import { LAYERS } from "../../shared/layers";
import { runTs } from "../fixtures/run";

describe("a layer program with an invalid setting", () => {
  it("fails naming the key, the value and what is allowed, before registering any resource", async () => {
    const run = await runTs("test/fixtures/invalid-config.ts");
    const results = run.stdout.trim().split("\n").map((line) => JSON.parse(line) as { layer: string; error: string | null; registered: string[] });
    expect(results.map((r) => r.layer)).toEqual([...LAYERS]);
    for (const result of results) {
      expect(result.error).toBe('platform:natGateways is "three"; expected one of "perAz", "single"');
      expect(result.registered).toEqual(["pulumi:pulumi:Stack"]);
    }
  });
});
