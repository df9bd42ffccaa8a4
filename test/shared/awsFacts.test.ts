import { CACHE_NODE_TYPES, ELB_LOG_ACCOUNTS, FACTS, FARGATE_MEMORY, MAX_CONNECTIONS_BY_CLASS } from "../../shared";

describe("the AWS facts the platform relies on", () => {
  it("each name the AWS documentation page it comes from and the day it was read", () => {
    expect(FACTS.length).toBeGreaterThanOrEqual(8);
    for (const f of FACTS) {
      expect(f.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(f.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Date.parse(f.read)).toBeLessThanOrEqual(Date.now());
    }
  });

  it("are the tables the config validation reads", () => {
    expect(FARGATE_MEMORY[256]).toEqual([512, 1024, 2048]);
    expect(MAX_CONNECTIONS_BY_CLASS["db.r6g.large"]).toBe(1000);
    expect(ELB_LOG_ACCOUNTS["us-east-1"]).toBe("127311923021");
    expect(CACHE_NODE_TYPES.t4g).toContain("medium");
  });
});
