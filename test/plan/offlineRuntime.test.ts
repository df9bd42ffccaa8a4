import Module = require("module");
import * as pulumi from "@pulumi/pulumi";
import { DEBUGGABLE_MODULE, useOfflineRuntime } from "../../shared/plan/offlineRuntime";
import { installLazySdk, LAZY_PARTS, lazyModule } from "../../shared/plan/lazySdk";

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

  it("are handed out by Node's loader only to the SDK that asks for them", () => {
    const loader = Module as unknown as { _load(request: string, parent: { filename?: string } | undefined, isMain: boolean): unknown };
    installLazySdk();
    installLazySdk();
    const fromPulumi = new Module(require.resolve("@pulumi/pulumi/runtime/closure/codePaths"));
    fromPulumi.filename = fromPulumi.id;
    const typescript = loader._load("../../typescript-shim", fromPulumi, false) as { version: string; __esModule: boolean };
    expect(typescript.__esModule).toBe(true);
    expect(typescript.version).toMatch(/^\d+\.\d+/);
    expect(loader._load("path", fromPulumi, false)).toBe(require("path"));
    expect(loader._load("os", undefined, false)).toBe(require("os"));
  });

  it("are the ones jest maps to its stand-ins", () => {
    const jestConfig = require("../../jest.config") as { projects: { moduleNameMapper: Record<string, string> }[] };
    for (const project of jestConfig.projects) expect(project.moduleNameMapper).toEqual(jestConfig.projects[0].moduleNameMapper);
    const mapped = Object.keys(jestConfig.projects[0].moduleNameMapper).map((pattern) => new RegExp(pattern));
    expect(LAZY_PARTS.map((part) => mapped.some((re) => re.test(part.request)))).toEqual(LAZY_PARTS.map(() => true));
    expect(mapped).toHaveLength(LAZY_PARTS.length);
  });
});
