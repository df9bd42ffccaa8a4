import * as fs from "fs";
import Module = require("module");
import * as path from "path";
import { types } from "util";
import * as pulumi from "@pulumi/pulumi";
import { DEBUGGABLE_MODULE, useOfflineRuntime } from "../../shared/plan/offlineRuntime";
import { installLazySdk, isLazyPart, LAZY_PARTS, lazyModule } from "../../shared/plan/lazySdk";

describe("the offline runtime", () => {
  it("hands back each promise as it is and records no call sites, which only a deployment reads", () => {
    useOfflineRuntime();
    const debuggable = require(DEBUGGABLE_MODULE) as { debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T> };
    const p = Promise.resolve(1);
    expect(debuggable.debuggablePromise(p, "ctx")).toBe(p);
    expect((pulumi.Resource as unknown as { callsites(): unknown[] }).callsites()).toEqual([]);
  });

  it("fails naming the file to review when the SDK no longer has what it switches off", () => {
    jest.isolateModules(() => {
      jest.doMock(DEBUGGABLE_MODULE, () => ({}));
      const fresh = require("../../shared/plan/offlineRuntime") as { useOfflineRuntime(): void };
      expect(() => fresh.useOfflineRuntime()).toThrow(
        "@pulumi/pulumi no longer has debuggablePromise or Resource.callsites: review shared/plan/offlineRuntime.ts",
      );
    });
  });
});

describe("the SDK parts a plan never uses", () => {
  it("load on first use, not before, and then behave as the module", () => {
    let loads = 0;
    const real = Object.defineProperty({ answer: 42 }, "fixed", { value: 1, enumerable: true, configurable: false });
    const lazy = lazyModule(() => {
      loads++;
      return real;
    }) as Record<string, unknown>;
    expect(lazy.__esModule).toBe(true);
    expect(loads).toBe(0);
    expect(lazy.answer).toBe(42);
    expect("fixed" in lazy).toBe(true);
    expect(Object.keys(lazy)).toEqual(["answer", "fixed"]);
    expect(Object.getOwnPropertyDescriptor(lazy, "fixed")).toEqual({ value: 1, writable: false, enumerable: true, configurable: true });
    expect(Object.getOwnPropertyDescriptor(lazy, "missing")).toBeUndefined();
    expect(loads).toBe(1);
  });

  it("give a CommonJS module itself as its default, as __importDefault would, and an ES module's own default", () => {
    const commonJs = Object.assign(() => "normalized", { other: 1 });
    expect((lazyModule(() => commonJs) as { default: unknown }).default).toBe(commonJs);
    expect((lazyModule(() => ({ __esModule: true, default: "own" })) as { default: unknown }).default).toBe("own");
  });

  it("are only the requests the table names, from the package or file it names; a pattern over relative requests names folders only", () => {
    const pulumiFile = require.resolve("@pulumi/pulumi/runtime/settings");
    const pulumiIndex = require.resolve("@pulumi/pulumi");
    const awsIndex = require.resolve("@pulumi/aws");
    expect(isLazyPart("@grpc/grpc-js", pulumiFile)).toBe(true);
    expect(isLazyPart("../proto/resource_grpc_pb", pulumiFile)).toBe(true);
    expect(isLazyPart("../proto/resource_pb", pulumiFile)).toBe(false);
    expect(isLazyPart("@grpc/grpc-js", require.resolve("@pulumi/aws/ec2/vpc"))).toBe(false);
    expect(isLazyPart("./automation", pulumiIndex)).toBe(true);
    expect(isLazyPart("./automation", pulumiFile)).toBe(false);
    expect(isLazyPart("./ec2", awsIndex)).toBe(true);
    expect(isLazyPart("./utilities", awsIndex)).toBe(false);
    expect(isLazyPart("./ec2", require.resolve("@pulumi/aws/ec2/vpc"))).toBe(false);
    expect(isLazyPart("@grpc/grpc-js", undefined)).toBe(false);
    expect(isLazyPart("@grpc/grpc-js", null)).toBe(false);
    expect(isLazyPart("@grpc/grpc-js", path.join(__dirname, "offlineRuntime.test.ts"))).toBe(false);
  });

  it("are each still requested by the SDK that the table names, so an upgrade that drops one fails here", () => {
    const requestsOf = (from: string): string[] => {
      const root = path.dirname(require.resolve(`${from.split("/").slice(0, 2).join("/")}/package.json`));
      const files = from.endsWith(".js") ? [path.join(root, from.split("/").slice(2).join("/"))] : jsFiles(root);
      return files.flatMap((file) => [...fs.readFileSync(file, "utf8").matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    };
    for (const part of LAZY_PARTS) {
      const requests = requestsOf(part.from).filter((request) =>
        typeof part.request === "string" ? request === part.request : part.request.test(request),
      );
      expect({ part: part.why, found: requests.length > 0 }).toEqual({ part: part.why, found: true });
    }
    const awsIndex = require.resolve("@pulumi/aws");
    const namespaces = requestsOf("@pulumi/aws/index.js").filter((request) => isLazyPart(request, awsIndex));
    expect(namespaces.length).toBeGreaterThan(200);
  });

  it("are handed out by Node's loader only to the SDK that asks for them", () => {
    const loader = Module as unknown as {
      _load(request: string, parent: { filename?: string | null } | undefined, isMain: boolean): unknown;
    };
    installLazySdk();
    installLazySdk();
    const fromPulumi = new Module(require.resolve("@pulumi/pulumi/runtime/closure/codePaths"));
    fromPulumi.filename = fromPulumi.id;
    const typescript = loader._load("../../typescript-shim", fromPulumi, false) as { version: string; __esModule: boolean };
    expect(types.isProxy(typescript)).toBe(true);
    expect(typescript.__esModule).toBe(true);
    expect(typescript.version).toMatch(/^\d+\.\d+/);
    expect(loader._load("path", fromPulumi, false)).toBe(require("path"));
    expect(loader._load("os", undefined, false)).toBe(require("os"));
    expect(loader._load("os", { filename: null }, false)).toBe(require("os"));
  });

  it("are handed out by a runtime built on jest-runtime methods that still exist, so a jest upgrade that renames one fails here", () => {
    const runtime = require("jest-runtime") as { default: { prototype: Record<string, unknown> } };
    const platform = require("../runtime") as { prototype: Record<string, unknown> };
    for (const method of ["requireModuleOrMock", "getSourceMaps", "getAllCoverageInfoCopy"]) {
      expect({ method, jest: typeof runtime.default.prototype[method] }).toEqual({ method, jest: "function" });
      expect(platform.prototype[method]).not.toBe(runtime.default.prototype[method]);
    }
    const runTest = fs.readFileSync(path.join(__dirname, "../../node_modules/jest-runner/build/runTest.js"), "utf8");
    expect(runTest.match(/getSourceMaps\(\)/g)).toHaveLength(1);
    expect(runTest).toContain("retrieveSourceMap");
  });

  it("are handed out by jest's runtime too (test/runtime.js), while what a plan uses loads as it is", () => {
    const aws = require("@pulumi/aws") as Record<string, unknown>;
    expect(types.isProxy(aws.ec2)).toBe(true);
    expect(types.isProxy(aws.cloudwatch)).toBe(true);
    expect(types.isProxy(aws.Provider)).toBe(false);
    expect(typeof (aws.ec2 as Record<string, unknown>).Vpc).toBe("function");
    expect(types.isProxy(require("@pulumi/pulumi"))).toBe(false);
  });
});

/** Every JavaScript file of a package, outside its own node_modules. */
function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : jsFiles(full);
    return entry.name.endsWith(".js") ? [full] : [];
  });
}
