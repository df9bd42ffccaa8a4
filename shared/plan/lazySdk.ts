import * as fs from "fs";
import Module = require("module");
import * as path from "path";

/**
 * Parts of the SDKs that an offline plan never uses but that load with
 * them. Each is replaced by a stand-in that loads it on first use, so
 * nothing changes when something does use it: a deployment that connects
 * to the engine loads gRPC then.
 */
export interface LazyPart {
  /** The request as the SDK writes it, or the pattern of a family of requests. */
  readonly request: string | RegExp;
  /** The package (`@pulumi/pulumi`) or the one file of it (`@pulumi/aws/index.js`) that makes the request. */
  readonly from: string;
  /** What the part is and why a plan does not need it when the SDK loads. */
  readonly why: string;
  /** Only requests naming a folder beside the requesting file (a namespace), not one of its files. @default false */
  readonly foldersOnly?: boolean;
}

export const LAZY_PARTS: readonly LazyPart[] = [
  { request: "@npmcli/arborist", from: "@pulumi/pulumi", why: "npm's Arborist: closure serialization, which a plan never does" },
  { request: "normalize-package-data", from: "@pulumi/pulumi", why: "package.json normalization: closure serialization" },
  { request: "../../typescript-shim", from: "@pulumi/pulumi", why: "TypeScript: closure serialization" },
  {
    request: "./automation",
    from: "@pulumi/pulumi/index.js",
    why: "the Automation API (execa and the CLI wrappers): only `npm run deploy` drives the CLI",
  },
  { request: "@grpc/grpc-js", from: "@pulumi/pulumi", why: "gRPC: the engine connection, which the mocks replace" },
  { request: /_grpc_pb$/, from: "@pulumi/pulumi", why: "the gRPC clients and services generated from Pulumi's protocol" },
  { request: "@opentelemetry/api", from: "@pulumi/pulumi", why: "tracing of the engine's gRPC calls" },
  { request: "./classic", from: "@pulumi/awsx", why: "awsx's classic components (the AWS SDK's ECS client)" },
  {
    request: /^\.\/[a-z0-9]+$/,
    from: "@pulumi/aws/index.js",
    foldersOnly: true,
    why: "the provider's 238 service namespaces, of which the plan of orders-dev loads 17: each registers hundreds of resource types when it loads",
  },
];

/** The file (`node_modules/<pkg>/<file>`) or the package (`node_modules/<pkg>/`) that `from` names, in a path with `/` separators. */
function isFrom(file: string, from: string): boolean {
  return from.endsWith(".js") ? file.endsWith(`/node_modules/${from}`) : file.includes(`/node_modules/${from}/`);
}

/** Whether `request`, made by the module in `parentFilename`, is a lazy part. Called for every require: the common answer is quick. */
export function isLazyPart(request: string, parentFilename: string | null | undefined): boolean {
  // Node gives no file name (null) for code run with `node -e` or at a REPL.
  if (typeof parentFilename !== "string" || !parentFilename.includes("node_modules")) return false;
  const file = parentFilename.split(path.sep).join("/");
  return LAZY_PARTS.some((part) => {
    if (!isFrom(file, part.from)) return false;
    if (typeof part.request === "string") return part.request === request;
    if (!part.request.test(request)) return false;
    return part.foldersOnly !== true || fs.existsSync(path.join(path.dirname(parentFilename), request, "index.js"));
  });
}

/**
 * A module that loads on first use. It says it is an ES module, so that the
 * `__importStar` of the SDKs' compiled code keeps it as it is instead of
 * copying its keys (which would load it at once); for the same reason its
 * `default` is what `__importDefault` would have given: the module itself
 * when it is CommonJS.
 */
export function lazyModule(load: () => object): object {
  let real: object | undefined;
  const target = (): object => (real ??= load());
  return new Proxy(
    {},
    {
      get: (_, key) => {
        if (key === "__esModule") return true;
        const module = target();
        return key === "default" && !Reflect.get(module, "__esModule") ? module : Reflect.get(module, key);
      },
      has: (_, key) => Reflect.has(target(), key),
      ownKeys: () => Reflect.ownKeys(target()),
      getOwnPropertyDescriptor: (_, key) => {
        const found = Reflect.getOwnPropertyDescriptor(target(), key);
        return found === undefined ? undefined : { ...found, configurable: true };
      },
    },
  );
}

interface Loader {
  _load(request: string, parent: { filename?: string | null } | undefined, isMain: boolean): unknown;
}

let installed = false;

/** Makes Node's `require` hand out the lazy stand-ins in this process (shared/register.js; jest does the same in test/runtime.js). */
export function installLazySdk(): void {
  if (installed) return;
  const loader = Module as unknown as Loader;
  const load = loader._load.bind(loader);
  loader._load = (request, parent, isMain) =>
    isLazyPart(request, parent?.filename) ? lazyModule(() => load(request, parent, isMain) as object) : load(request, parent, isMain);
  installed = true;
}
