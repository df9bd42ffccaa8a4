import {
  capacityPlan,
  CapacitySplit,
  checkAppSecretKeys,
  checkCapacitySplit,
  checkTracingMemory,
  defaultDiscoveryNamespace,
  isDiscoveryNamespace,
  MAX_NAMESPACE_LENGTH,
  ConfigError,
  ecrRepositoryOf,
  fargateMemoryAllowed,
  fargateMemoryOptions,
  FARGATE_CPU_SIZES,
  imageSource,
  isFargateSize,
  isPinnedImageUri,
  parameterPath,
  parsePlatformConfig,
  placementsInRange,
  placeTasks,
  RawConfig,
  secretEnvName,
  splitImageUri,
} from "../../shared/config";

/** Production stacks must name someone for their alarms. */
const ONCALL = '["oncall@your-company.com"]';

const parse = (raw: RawConfig, stack = "orders-dev") => parsePlatformConfig({ environmentSuffix: "dev", ...raw }, { stack });
const rejects = (raw: RawConfig) => expect(() => parse(raw));

const DEFAULT_SPLIT: CapacitySplit = { fargateBase: 1, fargateWeight: 0, spotWeight: 1 };

describe("Fargate task sizes", () => {
  it("offers exactly AWS's memory sizes for each CPU size", () => {
    expect(FARGATE_CPU_SIZES).toEqual([256, 512, 1024, 2048, 4096, 8192, 16384]);
    expect(fargateMemoryOptions(256)).toEqual([512, 1024, 2048]);
    expect(fargateMemoryOptions(512)).toEqual([1024, 2048, 3072, 4096]);
    expect(fargateMemoryOptions(1024)).toEqual([2048, 3072, 4096, 5120, 6144, 7168, 8192]);
    const ends = (cpu: number) => {
      const o = fargateMemoryOptions(cpu);
      return [o[0], o[o.length - 1], o[1] - o[0], o.length];
    };
    expect(ends(2048)).toEqual([4096, 16384, 1024, 13]);
    expect(ends(4096)).toEqual([8192, 30720, 1024, 23]);
    expect(ends(8192)).toEqual([16384, 61440, 4096, 12]);
    expect(ends(16384)).toEqual([32768, 122880, 8192, 12]);
  });

  it("accepts the edges of each range and rejects the sizes between steps and beyond", () => {
    expect(isFargateSize(256, 2048)).toBe(true);
    expect(isFargateSize(256, 1536)).toBe(false);
    expect(isFargateSize(4096, 30720)).toBe(true);
    expect(isFargateSize(4096, 31744)).toBe(false);
    expect(isFargateSize(8192, 20480)).toBe(true);
    expect(isFargateSize(8192, 17408)).toBe(false);
    expect(isFargateSize(16384, 40960)).toBe(true);
    expect(isFargateSize(16384, 36864)).toBe(false);
    expect(isFargateSize(768, 2048)).toBe(false);
    expect(fargateMemoryOptions(768)).toEqual([]);
  });

  it("describes the allowed memory per CPU size", () => {
    expect(fargateMemoryAllowed(256)).toBe("512, 1024, 2048 MiB for taskCpu 256");
    expect(fargateMemoryAllowed(8192)).toBe("16384 to 61440 MiB in steps of 4096 for taskCpu 8192");
  });

  it("rejects a memory size Fargate does not offer for the CPU size, naming the key", () => {
    rejects({ taskCpu: "256", taskMemory: "4096" }).toThrow(new ConfigError("taskMemory", 4096, "512, 1024, 2048 MiB for taskCpu 256"));
    rejects({ taskCpu: "1024", taskMemory: "1024" }).toThrow(
      "platform:taskMemory is 1024; expected 2048 to 8192 MiB in steps of 1024 for taskCpu 1024",
    );
    rejects({ taskCpu: "3072" }).toThrow('platform:taskCpu is "3072"; expected one of 256, 512, 1024, 2048, 4096, 8192, 16384');
    expect(parse({ taskCpu: "16384", taskMemory: "122880" }).compute).toMatchObject({ taskCpu: 16384, taskMemory: 122880 });
  });
});

describe("Spot placement", () => {
  it("puts the base on FARGATE first and the rest by weight, with a range where the share is not whole", () => {
    const split = { fargateBase: 2, fargateWeight: 1, spotWeight: 3 };
    expect(placeTasks(split, 1)).toEqual({ tasks: 1, onDemand: { min: 1, max: 1 }, spot: { min: 0, max: 0 } });
    expect(placeTasks(split, 2)).toEqual({ tasks: 2, onDemand: { min: 2, max: 2 }, spot: { min: 0, max: 0 } });
    expect(placeTasks(split, 6)).toEqual({ tasks: 6, onDemand: { min: 3, max: 3 }, spot: { min: 3, max: 3 } });
    expect(placeTasks(split, 7)).toEqual({ tasks: 7, onDemand: { min: 3, max: 4 }, spot: { min: 3, max: 4 } });
  });

  it("keeps one task on FARGATE and at least half on FARGATE_SPOT for every count from 3 to 10 by default", () => {
    const placements = placementsInRange(DEFAULT_SPLIT, 3, 10);
    expect(placements.map((p) => p.tasks)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    for (const p of placements) {
      expect(p.onDemand).toEqual({ min: 1, max: 1 });
      expect(p.spot).toEqual({ min: p.tasks - 1, max: p.tasks - 1 });
      expect(2 * p.spot.min).toBeGreaterThanOrEqual(p.tasks);
    }
    expect(() => checkCapacitySplit(DEFAULT_SPLIT, 3, 10)).not.toThrow();
  });

  it("accepts a weighted split whose floor keeps half on Spot for every count in range", () => {
    const split = { fargateBase: 1, fargateWeight: 1, spotWeight: 3 };
    for (const p of placementsInRange(split, 4, 20)) {
      expect(p.onDemand.min).toBeGreaterThanOrEqual(1);
      expect(2 * p.spot.min).toBeGreaterThanOrEqual(p.tasks);
    }
    expect(() => checkCapacitySplit(split, 4, 20)).not.toThrow();
  });

  it("rejects an even split that rounding could leave short of half on Spot, naming the count", () => {
    expect(() => checkCapacitySplit({ fargateBase: 1, fargateWeight: 1, spotWeight: 1 }, 3, 10)).toThrow(
      "platform:fargateWeight is 1; expected a weight low enough against fargateSpotWeight (1) that at least half of every task count from 3 to 10 runs on FARGATE_SPOT under any rounding (3 tasks could place only 1 on FARGATE_SPOT)",
    );
    expect(() => checkCapacitySplit({ fargateBase: 1, fargateWeight: 1, spotWeight: 3 }, 3, 10)).toThrow(
      "(3 tasks could place only 1 on FARGATE_SPOT)",
    );
  });

  it("rejects a base that leaves no room for half of the smallest count on Spot", () => {
    expect(() => checkCapacitySplit({ fargateBase: 2, fargateWeight: 0, spotWeight: 1 }, 3, 10)).toThrow(
      "platform:fargateBase is 2; expected a base of at most 1 so that at least half of every task count from 3 to 10 can run on FARGATE_SPOT (3 tasks could place only 1 on FARGATE_SPOT)",
    );
  });

  it("rejects a split with no on-demand task", () => {
    expect(() => checkCapacitySplit({ fargateBase: 0, fargateWeight: 0, spotWeight: 1 }, 3, 10)).toThrow(
      "platform:fargateBase is 0; expected at least 1 so that every task count keeps a task on FARGATE (3 tasks could run none)",
    );
    rejects({ fargateBase: "0" }).toThrow('platform:fargateBase is "0"; expected an integer from 1 to 1000');
  });

  it("rejects a single-task minimum, which cannot keep one task on FARGATE and half on FARGATE_SPOT, naming minTasks", () => {
    expect(placeTasks(DEFAULT_SPLIT, 1)).toEqual({ tasks: 1, onDemand: { min: 1, max: 1 }, spot: { min: 0, max: 0 } });
    rejects({ minTasks: "1" }).toThrow('platform:minTasks is "1"; expected an integer from 2 to 1000');
    rejects({ minTasks: "2", maxTasks: "1" }).toThrow('platform:maxTasks is "1"; expected an integer from 2 to 1000');
    expect(parse({ minTasks: "2", maxTasks: "2" }).compute).toMatchObject({ minTasks: 2, maxTasks: 2, capacity: DEFAULT_SPLIT });
  });

  it("validates the split against the configured bounds when the config is parsed", () => {
    rejects({ fargateWeight: "1" }).toThrow("platform:fargateWeight is 1;");
    rejects({ fargateSpotWeight: "0" }).toThrow('platform:fargateSpotWeight is "0"; expected an integer from 1 to 1000');
    expect(parse({ minTasks: "4", maxTasks: "12", fargateWeight: "1", fargateSpotWeight: "3" }).compute.capacity).toEqual({
      kind: "spot",
      fargateBase: 1,
      fargateWeight: 1,
      spotWeight: 3,
    });
  });
});

describe("images", () => {
  it("splits image references into name, tag and digest", () => {
    expect(splitImageUri("registry.example.com:5000/team/api:1.2")).toEqual({ name: "registry.example.com:5000/team/api", tag: "1.2" });
    expect(splitImageUri(`api@sha256:${"a".repeat(64)}`)).toEqual({ name: "api", digest: `sha256:${"a".repeat(64)}` });
    expect(splitImageUri("Bad Name:1")).toBeUndefined();
  });

  it("accepts only references pinned by a tag other than latest or by a digest", () => {
    expect(isPinnedImageUri("123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2")).toBe(true);
    expect(isPinnedImageUri(`public.ecr.aws/team/api:1.0@sha256:${"b".repeat(64)}`)).toBe(true);
    expect(isPinnedImageUri(`api:latest@sha256:${"b".repeat(64)}`)).toBe(true);
    expect(isPinnedImageUri("api:latest")).toBe(false);
    expect(isPinnedImageUri("api")).toBe(false);
    expect(isPinnedImageUri("registry:5000/api")).toBe(false);
    expect(isPinnedImageUri("api@sha256:short")).toBe(false);
    expect(isPinnedImageUri("team/API:1")).toBe(false);
  });

  it("finds the ECR repository an image URI points into", () => {
    expect(ecrRepositoryOf("210987654321.dkr.ecr.eu-west-1.amazonaws.com/team/api:2")).toEqual({
      account: "210987654321",
      region: "eu-west-1",
      repository: "team/api",
    });
    expect(ecrRepositoryOf("public.ecr.aws/team/api:2")).toBeUndefined();
  });

  it("takes at most one of imageTag, imageDigest and imageUri", () => {
    expect(imageSource(undefined, undefined, undefined)).toEqual({ kind: "none" });
    expect(imageSource("1.0", undefined, undefined)).toEqual({ kind: "tag", tag: "1.0" });
    expect(imageSource(undefined, "sha256:x", undefined)).toEqual({ kind: "digest", digest: "sha256:x" });
    expect(imageSource(undefined, undefined, "api:1")).toEqual({ kind: "uri", uri: "api:1" });
    expect(() => imageSource("1.0", undefined, "api:1")).toThrow(
      'platform:imageUri is "api:1"; expected not set together with imageTag: set only one of imageTag, imageDigest, imageUri',
    );
  });

  it("rejects latest, malformed tags and digests, and unpinned URIs when parsing", () => {
    rejects({ imageTag: "latest" }).toThrow(
      'platform:imageTag is "latest"; expected a tag other than latest: a moving tag cannot be rolled back',
    );
    rejects({ imageTag: "-bad" }).toThrow('platform:imageTag is "-bad"; expected a Docker tag');
    rejects({ imageDigest: "sha256:abc" }).toThrow(
      'platform:imageDigest is "sha256:abc"; expected an image digest sha256:<64 lowercase hex digits>',
    );
    rejects({ imageUri: "nginx:latest" }).toThrow(
      'platform:imageUri is "nginx:latest"; expected an image URI with a tag other than latest or a @sha256 digest',
    );
    rejects({ imageTag: "1.0", imageDigest: `sha256:${"c".repeat(64)}` }).toThrow("platform:imageDigest");
    expect(parse({ imageDigest: `sha256:${"c".repeat(64)}` }).compute.image).toEqual({
      kind: "digest",
      digest: `sha256:${"c".repeat(64)}`,
    });
  });
});

describe("secrets and parameters", () => {
  it("names each application secret key's environment variable in UPPER_SNAKE case", () => {
    expect(secretEnvName("apiKey")).toBe("API_KEY");
    expect(secretEnvName("webhookSigningSecret")).toBe("WEBHOOK_SIGNING_SECRET");
    expect(secretEnvName("token")).toBe("TOKEN");
    expect(secretEnvName("oauth2Token")).toBe("OAUTH2_TOKEN");
  });

  it("rejects secret keys whose environment names collide with each other or the database credentials", () => {
    expect(() => checkAppSecretKeys(["apiKey", "APIKey"])).not.toThrow();
    expect(() => checkAppSecretKeys(["apiKey", "apiKEY"])).toThrow("(apiKEY becomes API_KEY twice)");
    expect(() => checkAppSecretKeys(["dbPassword"])).toThrow(
      'platform:appSecretKeys is ["dbPassword"]; expected JSON keys with distinct environment names other than DB_USERNAME, DB_PASSWORD, REDIS_HOST, REDIS_PORT, REDIS_AUTH_TOKEN, REDIS_URL (dbPassword becomes DB_PASSWORD twice)',
    );
    expect(() => checkAppSecretKeys(["apiKey", "apiKey"])).toThrow("(apiKey becomes API_KEY twice)");
    rejects({ appSecretKeys: '["api-key"]' }).toThrow("platform:appSecretKeys");
    expect(parse({ appSecretKeys: "[]" }).compute.appSecretKeys).toEqual([]);
  });

  it("puts the configuration under /<system>/<suffix> and refuses systems Parameter Store reserves", () => {
    expect(parameterPath("orders", "pr-12")).toBe("/orders/pr-12");
    expect(() => parameterPath("awsshop", "dev")).toThrow(
      'platform:system is "awsshop"; expected a name that does not begin with aws or ssm',
    );
    expect(() => parameterPath("ssm1", "dev")).toThrow("platform:system");
    rejects({ system: "ssmapp" }).toThrow('platform:system is "ssmapp"');
  });
});

describe("compute config defaults and ranges", () => {
  it("defaults to the order API's settings, with derived log retention", () => {
    const dev = parse({}).compute;
    expect(dev).toMatchObject({
      containerPort: 8080,
      minTasks: 3,
      maxTasks: 10,
      taskCpu: 512,
      taskMemory: 1024,
      image: { kind: "none" },
      capacity: DEFAULT_SPLIT,
      deploymentBakeTimeMinutes: 5,
      healthCheckGracePeriodSeconds: 60,
      stopTimeoutSeconds: 60,
      ecrImagesToKeep: 30,
      apiLogRetentionDays: 14,
      appLogLevel: "info",
      ecsExecEnabled: false,
      pendingOrdersPerTaskTarget: 100,
      appSecretKeys: ["paymentApiKey", "paymentWebhookSigningSecret"],
    });
    expect(parse({ environment: "production", alarmEmails: ONCALL }).compute.apiLogRetentionDays).toBe(90);
    expect(parse({ deploymentBakeTimeMinutes: "0" }).compute.deploymentBakeTimeMinutes).toBe(0);
  });

  it("rejects each out-of-range value naming its key and what is allowed", () => {
    rejects({ containerStopTimeoutSeconds: "121" }).toThrow(
      'platform:containerStopTimeoutSeconds is "121"; expected an integer from 2 to 120',
    );
    rejects({ deploymentBakeTimeMinutes: "1441" }).toThrow(
      'platform:deploymentBakeTimeMinutes is "1441"; expected an integer from 0 to 1440',
    );
    rejects({ serviceHealthCheckGraceSeconds: "-1" }).toThrow("platform:serviceHealthCheckGraceSeconds");
    rejects({ ecrImagesToKeep: "0" }).toThrow('platform:ecrImagesToKeep is "0"; expected an integer from 1 to 1000');
    rejects({ apiLogRetentionDays: "10" }).toThrow('platform:apiLogRetentionDays is "10"; expected one of 1, 3, 5, 7, 14');
    rejects({ appLogLevel: "trace" }).toThrow('platform:appLogLevel is "trace"; expected one of "debug", "info", "warn", "error"');
    rejects({ ecsExecEnabled: "yes" }).toThrow('platform:ecsExecEnabled is "yes"; expected true or false');
    rejects({ pendingOrdersPerTaskTarget: "0" }).toThrow("platform:pendingOrdersPerTaskTarget");
    rejects({ minTasks: "5", maxTasks: "4" }).toThrow("platform:maxTasks is 4; expected an integer of at least minTasks (5)");
  });
});

describe("on-demand capacity, service discovery, X-Ray and memory scaling", () => {
  it("leaves all four off for the order API, which keeps its Spot split", () => {
    const compute = parse({}).compute;
    expect(compute.capacity).toEqual({ kind: "spot", ...DEFAULT_SPLIT });
    expect(compute.serviceDiscovery).toBeUndefined();
    expect(compute.xray).toBeUndefined();
    expect(compute.memoryTargetPercent).toBeUndefined();
  });

  it("turns on Cloud Map for the catalog, and on-demand tasks, X-Ray at 10% and memory scaling at 80% for payments", () => {
    const catalog = parse({ preset: "catalog" }).compute;
    expect(catalog.serviceDiscovery).toEqual({ namespace: "dev.catalog.internal" });
    expect(catalog.capacity.kind).toBe("spot");
    const payments = parse({ preset: "payments" }).compute;
    expect(payments).toMatchObject({ capacity: { kind: "onDemand" }, xray: { samplingRate: 0.1 }, memoryTargetPercent: 80 });
    expect(payments.serviceDiscovery).toBeUndefined();
  });

  it("runs every task on demand with fargateSpot false and rejects a split key set with it, instead of ignoring it", () => {
    expect(parse({ fargateSpot: "false", minTasks: "2" }).compute.capacity).toEqual({ kind: "onDemand" });
    rejects({ fargateSpot: "false", fargateBase: "1" }).toThrow(
      "platform:fargateBase is 1; expected not set while fargateSpot is false (every task runs on on-demand FARGATE, so there is no split)",
    );
    rejects({ fargateSpot: "false", fargateSpotWeight: "3" }).toThrow("platform:fargateSpotWeight is 3;");
    rejects({ fargateSpot: "maybe" }).toThrow('platform:fargateSpot is "maybe"; expected true or false');
    rejects({ preset: "payments", fargateWeight: "1" }).toThrow("platform:fargateWeight is 1; expected not set while fargateSpot is false");
  });

  it("checks the Spot split only when Spot is used", () => {
    const unsafe: CapacitySplit = { fargateBase: 5, fargateWeight: 3, spotWeight: 1 };
    expect(capacityPlan(undefined, 2, 10)).toEqual({ kind: "onDemand" });
    expect(() => capacityPlan(unsafe, 2, 10)).toThrow("platform:fargateBase is 5;");
    expect(capacityPlan(DEFAULT_SPLIT, 2, 10)).toEqual({ kind: "spot", ...DEFAULT_SPLIT });
  });

  it("rejects the first split key the stack sets without Spot, naming the key", () => {
    rejects({ fargateSpot: "false", fargateWeight: "2", fargateBase: "1" }).toThrow(
      "platform:fargateBase is 1; expected not set while fargateSpot is false (every task runs on on-demand FARGATE, so there is no split)",
    );
  });

  it("derives the namespace from suffix and system, valid even at the longest of both", () => {
    expect(defaultDiscoveryNamespace("catalog", "pr-123")).toBe("pr-123.catalog.internal");
    expect(isDiscoveryNamespace(defaultDiscoveryNamespace("a".repeat(10), "b".repeat(16)))).toBe(true);
    expect(parse({ serviceDiscovery: "true", environmentSuffix: "pr-7" }).compute.serviceDiscovery).toEqual({
      namespace: "pr-7.orders.internal",
    });
    expect(parse({ serviceDiscovery: "true", serviceDiscoveryNamespace: "orders.corp.example" }).compute.serviceDiscovery).toEqual({
      namespace: "orders.corp.example",
    });
  });

  it("accepts only lowercase DNS names of two or more labels that leave room for the service label", () => {
    const label63 = "a".repeat(63);
    const longest = [label63, label63, label63, "b".repeat(MAX_NAMESPACE_LENGTH - 3 * 64)].join(".");
    expect(MAX_NAMESPACE_LENGTH).toBe(249);
    expect(longest).toHaveLength(249);
    expect(isDiscoveryNamespace(longest)).toBe(true);
    expect(isDiscoveryNamespace(`${longest}b`)).toBe(false);
    expect(isDiscoveryNamespace(`${label63}.internal`)).toBe(true);
    for (const bad of [
      "internal",
      "Dev.orders.internal",
      "dev..internal",
      "dev.orders.internal.",
      "-dev.internal",
      "dev-.internal",
      `${label63}a.internal`,
      "dev_1.internal",
      "",
    ]) {
      expect(isDiscoveryNamespace(bad)).toBe(false);
    }
    rejects({ serviceDiscovery: "true", serviceDiscoveryNamespace: "internal" }).toThrow(
      'platform:serviceDiscoveryNamespace is "internal"; expected a lowercase DNS name of at least two labels',
    );
    rejects({ serviceDiscoveryNamespace: "dev.orders.internal" }).toThrow(
      'platform:serviceDiscoveryNamespace is "dev.orders.internal"; expected not set while serviceDiscovery is false (there is no namespace)',
    );
  });

  it("samples 10% by default, accepts 0 to 1 in steps of 0.001 and needs xrayTracing", () => {
    expect(parse({ xrayTracing: "true" }).compute.xray).toEqual({ samplingRate: 0.1 });
    expect(parse({ xrayTracing: "true", xraySamplingRate: "0" }).compute.xray).toEqual({ samplingRate: 0 });
    expect(parse({ xrayTracing: "true", xraySamplingRate: "1" }).compute.xray).toEqual({ samplingRate: 1 });
    expect(parse({ xrayTracing: "true", xraySamplingRate: "0.005" }).compute.xray).toEqual({ samplingRate: 0.005 });
    for (const bad of ["1.5", "-0.1", "0.0005", "ten"]) {
      rejects({ xrayTracing: "true", xraySamplingRate: bad }).toThrow(
        `platform:xraySamplingRate is "${bad}"; expected a number from 0 to 1 in steps of 0.001`,
      );
    }
    rejects({ xraySamplingRate: "0.2" }).toThrow(
      "platform:xraySamplingRate is 0.2; expected not set while xrayTracing is false (nothing is traced)",
    );
  });

  it("refuses a task too small to hold the X-Ray daemon next to the API", () => {
    expect(() => checkTracingMemory(256, 512)).toThrow(
      "platform:taskMemory is 512; expected at least 640 MiB with xrayTracing (the X-Ray daemon may use 128 MiB and the API keeps 512): 512, 1024, 2048 MiB for taskCpu 256",
    );
    expect(() => checkTracingMemory(256, 640)).not.toThrow();
    rejects({ xrayTracing: "true", taskCpu: "256", taskMemory: "512" }).toThrow("platform:taskMemory is 512; expected at least 640 MiB");
    expect(parse({ taskCpu: "256", taskMemory: "512" }).compute.taskMemory).toBe(512);
    expect(parse({ xrayTracing: "true", taskCpu: "256", taskMemory: "1024" }).compute.taskMemory).toBe(1024);
  });

  it("takes a memory target from 10 to 95 percent, or none", () => {
    expect(parse({ memoryTargetPercent: "80" }).compute.memoryTargetPercent).toBe(80);
    expect(parse({ memoryTargetPercent: "" }).compute.memoryTargetPercent).toBeUndefined();
    for (const bad of ["9", "96", "80.5", "high"]) {
      rejects({ memoryTargetPercent: bad }).toThrow(`platform:memoryTargetPercent is "${bad}"; expected an integer from 10 to 95`);
    }
  });
});

describe("CPU architecture (Graviton)", () => {
  it("runs X86_64 by default, in every preset, and ARM64 when a stack asks for it", () => {
    expect(parse({}).compute.cpuArchitecture).toBe("X86_64");
    for (const preset of ["orders", "catalog", "payments"]) expect(parse({ preset }).compute.cpuArchitecture).toBe("X86_64");
    expect(parse({ cpuArchitecture: "ARM64" }).compute.cpuArchitecture).toBe("ARM64");
  });

  it("keeps the Spot split with ARM64: Fargate Spot runs Graviton tasks too", () => {
    expect(parse({ cpuArchitecture: "ARM64" }).compute.capacity).toEqual({ kind: "spot", ...DEFAULT_SPLIT });
  });

  it.each(["arm64", "AARCH64", "x86"])("rejects %j naming the key and the two architectures", (value) => {
    rejects({ cpuArchitecture: value }).toThrow(`platform:cpuArchitecture is "${value}"; expected one of "X86_64", "ARM64"`);
  });
});
