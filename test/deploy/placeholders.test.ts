import * as fs from "fs";
import * as path from "path";
import {
  deployability,
  findPlaceholders,
  isPlaceholderZone,
  isReservedDomain,
  namesDocumentationAccount,
  parsePlatformConfig,
  placeholderFixes,
  RawConfig,
} from "../../shared/config";
import { rejectPlaceholders } from "../../shared/deploy/main";
import { checkedPlan, deployableSummary, planReport } from "../../shared/plan/command";
import { Layer } from "../../shared/layers";
import { fakeHost, RecordingStacks, runDeploy, stackOf, STACKS, stacksWith } from "./fakes";
import { planStack } from "../harness";

const ALL: Layer[] = ["network", "data", "edge", "compute"];
const CERT = (account: string) => `arn:aws:acm:us-east-1:${account}:certificate/0b6f2a4c-5d1e-4f7a-9c3b-8e2d1f0a6b5c`;

const parse = (raw: RawConfig) =>
  parsePlatformConfig({ environmentSuffix: "dev", ...raw }, { stack: "orders-dev", awsRegion: "us-east-1" });
const keysOf = (raw: RawConfig) => findPlaceholders(parse(raw)).map((p) => p.key);

const CATALOG_DOMAIN =
  'platform:domainName is "api.catalog.example.com"; expected a domain you own, in the hosted zone of platform:hostedZoneId ' +
  "(example.com, example.net, example.org and names under .example, .test, .invalid, .localhost are reserved: ACM cannot validate a certificate for them)";
const CATALOG_ZONE =
  'platform:hostedZoneId is "Z0EXAMPLE0CATALOG0DEV"; expected the id of your Route 53 hosted zone that holds platform:domainName ' +
  "(aws route53 list-hosted-zones-by-name shows it)";

describe("the placeholder detector", () => {
  it("knows the reserved example domains (RFC 2606, RFC 6761) and every name under them, and no other", () => {
    for (const name of [
      "example.com",
      "api.example.com",
      "a.b.example.net",
      "example.org",
      "api.example",
      "x.test",
      "y.invalid",
      "z.localhost",
    ]) {
      expect([name, isReservedDomain(name)]).toEqual([name, true]);
    }
    expect(isReservedDomain("API.Example.COM.")).toBe(true);
    expect(isReservedDomain("localhost")).toBe(true);
    for (const name of [
      "api.acme.com",
      "example.com.au",
      "myexample.com",
      "example-shop.net",
      "test.acme.io",
      "example.acme.org",
      "api.testing",
    ]) {
      expect([name, isReservedDomain(name)]).toEqual([name, false]);
    }
  });

  it("knows a made-up hosted zone and the documentation account", () => {
    expect(isPlaceholderZone("Z0EXAMPLE0ORDERS0PROD")).toBe(true);
    expect(isPlaceholderZone("Z1D633PJN98FT9")).toBe(false);
    expect(namesDocumentationAccount("123456789012")).toBe(true);
    expect(namesDocumentationAccount(CERT("123456789012"))).toBe(true);
    expect(namesDocumentationAccount("123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2")).toBe(true);
    expect(namesDocumentationAccount("1234567890123")).toBe(false);
    expect(namesDocumentationAccount(CERT("210987654321"))).toBe(false);
  });

  it("flags an example domain and a made-up hosted zone, each with its key, value and what to set", () => {
    const found = findPlaceholders(parse({ domainName: "api.catalog.example.com", hostedZoneId: "Z0EXAMPLE0CATALOG0DEV" }));
    expect(found).toEqual([
      {
        key: "platform:domainName",
        value: "api.catalog.example.com",
        expected: expect.stringContaining("a domain you own") as unknown,
        message: CATALOG_DOMAIN,
      },
      {
        key: "platform:hostedZoneId",
        value: "Z0EXAMPLE0CATALOG0DEV",
        expected: expect.stringContaining("Route 53 hosted zone") as unknown,
        message: CATALOG_ZONE,
      },
    ]);
    expect(keysOf({ domainName: "api.orders.test", hostedZoneId: "Z1D633PJN98FT9" })).toEqual(["platform:domainName"]);
    expect(keysOf({ domainName: "api.orders.acme.io", hostedZoneId: "Z0EXAMPLE1" })).toEqual(["platform:hostedZoneId"]);
  });

  it("flags alarm addresses at an example domain, naming them", () => {
    const [emails] = findPlaceholders(parse({ alarmEmails: ["ops@acme.io", "oncall@example.com", "pager@alerts.example.org"] }));
    expect(emails.key).toBe("platform:alarmEmails");
    expect(emails.value).toEqual(["ops@acme.io", "oncall@example.com", "pager@alerts.example.org"]);
    expect(emails.message).toBe(
      'platform:alarmEmails is ["ops@acme.io","oncall@example.com","pager@alerts.example.org"]; expected addresses that receive mail ' +
        "(oncall@example.com, pager@alerts.example.org are at a reserved example domain: the subscription would never be confirmed)",
    );
    expect(findPlaceholders(parse({ alarmEmails: ["oncall@example.com"] }))[0].expected).toContain("oncall@example.com is at a reserved");
  });

  it("flags the documentation account in allowedAccountIds, certificateArn and imageUri", () => {
    expect(keysOf({ allowedAccountIds: ["210987654321", "123456789012"] })).toEqual(["platform:allowedAccountIds"]);
    expect(keysOf({ certificateArn: CERT("123456789012") })).toEqual(["platform:certificateArn"]);
    expect(keysOf({ imageUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2" })).toEqual(["platform:imageUri"]);
    expect(findPlaceholders(parse({ allowedAccountIds: ["123456789012"] }))[0].message).toBe(
      'platform:allowedAccountIds is ["123456789012"]; expected the ids of your AWS accounts ' +
        "(123456789012 is the account of AWS's documentation examples: the provider would refuse yours)",
    );
  });

  it("leaves real values alone", () => {
    const real: RawConfig = {
      domainName: "api.orders.acme.io",
      hostedZoneId: "Z1D633PJN98FT9",
      alarmEmails: ["oncall@acme.io", "ops@example-shop.com"],
      allowedAccountIds: ["210987654321"],
      imageUri: "210987654321.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2",
    };
    expect(findPlaceholders(parse(real))).toEqual([]);
    expect(findPlaceholders(parse({ certificateArn: CERT("210987654321") }))).toEqual([]);
    expect(findPlaceholders(parse({}))).toEqual([]);
    expect(deployability(parse(real))).toEqual({ ok: true, placeholders: [] });
  });

  it("lists every placeholder at once, in the order of the keys, under where to set them", () => {
    const cfg = parse({
      allowedAccountIds: ["123456789012"],
      domainName: "api.example.com",
      hostedZoneId: "Z0EXAMPLE",
      alarmEmails: ["oncall@example.com"],
      imageUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2",
    });
    const { ok, placeholders } = deployability(cfg);
    expect(ok).toBe(false);
    expect(placeholders.map((p) => p.key)).toEqual([
      "platform:allowedAccountIds",
      "platform:domainName",
      "platform:hostedZoneId",
      "platform:alarmEmails",
      "platform:imageUri",
    ]);
    const fixes = placeholderFixes("s", placeholders).split("\n");
    expect(fixes[0]).toBe("set each of these 5 keys in stacks/Pulumi.s.yaml:");
    expect(fixes.slice(1)).toEqual(placeholders.map((p) => `  - ${p.message}`));
    expect(placeholderFixes("s", placeholders.slice(0, 1)).split("\n")[0]).toBe("set this key in stacks/Pulumi.s.yaml:");
  });
});

const committed = (stack: string) => fs.readFileSync(path.join(STACKS, `Pulumi.${stack}.yaml`), "utf8");

describe("deploy and preview of a stack with placeholders", () => {
  it("refuses catalog-dev before any layer, even before the prerequisites, naming each key and the file", async () => {
    const ops = new RecordingStacks();
    const r = await runDeploy(["deploy", "--stack", "catalog-dev"], { ops, host: fakeHost({ env: { PATH: "/usr/bin" } }) });
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      "deploy failed: stack catalog-dev still has placeholder values that AWS would reject halfway through the run, so no layer was started; " +
        "set each of these 2 keys in stacks/Pulumi.catalog-dev.yaml:\n" +
        `  - ${CATALOG_DOMAIN}\n` +
        `  - ${CATALOG_ZONE}\n` +
        "then deploy again (`npm run plan -- --stack catalog-dev` lists what is left)\n",
    );
    expect(r.out).toBe("");
    expect(r.choices).toEqual([]);
    expect(ops.calls).toEqual([]);
  });

  it("refuses a preview of orders-prod, even of one layer, naming both keys", async () => {
    for (const argv of [
      ["preview", "--stack", "orders-prod"],
      ["preview", "--stack", "orders-prod", "--layer", "network"],
      ["deploy", "--stack", "orders-prod", "--from", "compute"],
    ]) {
      const ops = new RecordingStacks(ALL.slice(0, 3), "orders-prod");
      const r = await runDeploy(argv, { ops });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(new RegExp(`^${argv[0]} failed: stack orders-prod still has placeholder values`));
      expect(r.err).toContain('  - platform:domainName is "api.orders.example.com"; expected a domain you own');
      expect(r.err).toContain('  - platform:hostedZoneId is "Z0EXAMPLE0ORDERS0PROD"; expected the id of your Route 53 hosted zone');
      expect(r.err).toContain(`then ${argv[0]} again`);
      expect(r.choices).toEqual([]);
      expect(ops.calls).toEqual([]);
    }
  });

  it("names every placeholder of the stack in one message", async () => {
    const dir = stacksWith(
      "all",
      "config:\n  aws:region: us-east-1\n  platform:environmentSuffix: all\n  platform:allowedAccountIds: ['123456789012']\n" +
        "  platform:domainName: api.example.org\n  platform:hostedZoneId: Z0EXAMPLE\n  platform:alarmEmails: [oncall@example.com]\n" +
        "  platform:imageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2\n",
    );
    const r = await runDeploy(["deploy", "--stack", "all"], { stacksDir: dir });
    expect(r.code).toBe(1);
    expect(r.err).toContain("set each of these 5 keys in stacks/Pulumi.all.yaml:\n");
    for (const key of ["allowedAccountIds", "domainName", "hostedZoneId", "alarmEmails", "imageUri"]) {
      expect(r.err).toContain(`\n  - platform:${key} is `);
    }
    expect(r.choices).toEqual([]);
    fs.rmSync(dir, { recursive: true });
  });

  it("deploys catalog-dev once its domain and hosted zone are real", async () => {
    const text = committed("catalog-dev")
      .replace("api.catalog.example.com", "api.catalog.acme.io")
      .replace("Z0EXAMPLE0CATALOG0DEV", "Z1D633PJN98FT9");
    const dir = stacksWith("catalog-dev", text);
    const ops = new RecordingStacks();
    const r = await runDeploy(["deploy", "--stack", "catalog-dev"], { ops, stacksDir: dir });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(ops.calls).toEqual(ALL.map((l) => `up ${stackOf(l, "catalog-dev")}`));
    fs.rmSync(dir, { recursive: true });
  });

  it("leaves destroy and outputs of such a stack alone", async () => {
    const ops = new RecordingStacks(ALL, "catalog-dev");
    const destroyed = await runDeploy(["destroy", "--stack", "catalog-dev", "--yes"], { ops });
    expect(destroyed.err).toBe("");
    expect(destroyed.code).toBe(0);
    expect(ops.calls).toEqual([...ALL].reverse().map((l) => `destroy ${stackOf(l, "catalog-dev")}`));
    const outputs = await runDeploy(["outputs", "--stack", "orders-prod"], { ops: new RecordingStacks(["network"], "orders-prod") });
    expect(outputs.code).toBe(0);
    expect(outputs.out).toContain('vpcId = "network-vpcId"');
  });

  it("lets orders-dev through, and checks only deploy and preview", () => {
    const cfg = parse({ domainName: "api.example.com", hostedZoneId: "Z0EXAMPLE" });
    expect(() => rejectPlaceholders("destroy", "s", cfg)).not.toThrow();
    expect(() => rejectPlaceholders("outputs", "s", cfg)).not.toThrow();
    expect(() => rejectPlaceholders("preview", "s", cfg)).toThrow("then preview again");
    expect(() => rejectPlaceholders("deploy", "s", parse({}))).not.toThrow();
  });
});

describe("the plan of a stack with placeholders", () => {
  it.each(["catalog-dev", "orders-prod"])(
    "%s: still plans, and says which keys to set before a deploy, in its summary and its JSON",
    async (stack) => {
      const checked = await checkedPlan({ stack, overrides: {} }, await planStack(stack));
      const json = JSON.parse(JSON.stringify(checked)) as { deployable: { ok: boolean; placeholders: { key: string; value: string }[] } };
      expect(json.deployable.ok).toBe(false);
      expect(json.deployable.placeholders.map((p) => p.key)).toEqual(
        stack === "orders-prod"
          ? ["platform:domainName", "platform:hostedZoneId", "platform:alarmEmails"]
          : ["platform:domainName", "platform:hostedZoneId"],
      );
      expect(json.deployable.placeholders[0].value).toMatch(/\.example\.com$/);
      const report = planReport(checked, "p.json");
      expect(report).toMatchObject({ stderr: "", exitCode: 0 });
      expect(report.stdout).toContain(
        `\ndeployable: no, stack ${stack} holds placeholder values that npm run deploy and preview refuse until they are replaced; ` +
          `set each of these ${stack === "orders-prod" ? 3 : 2} keys in stacks/Pulumi.${stack}.yaml:\n  - platform:domainName is "`,
      );
      expect(report.stdout).toMatch(/\n {2}- platform:hostedZoneId is "Z0EXAMPLE\w+"; expected [^\n]+\n/);
      expect(report.stdout).toMatch(/; expected [^\n]+\nplan written to p\.json\n$/);
    },
  );

  it("orders-dev: deployable, with nothing to replace and nothing more printed", async () => {
    const checked = await checkedPlan({ stack: "orders-dev", overrides: {} }, await planStack("orders-dev"));
    expect(checked.deployable).toEqual({ ok: true, placeholders: [] });
    expect(planReport(checked, "p.json").stdout).not.toContain("deployable");
    expect(deployableSummary("orders-dev", checked.deployable)).toBe("");
  });
});
