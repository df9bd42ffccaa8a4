import Module = require("module");

/**
 * Parts of the SDKs that an offline plan never uses but that load with
 * them: Pulumi's closure serialization (npm's Arborist and TypeScript, about
 * 0.8 s) and awsx's classic components (the AWS SDK's ECS client, about
 * 0.4 s). Each is replaced by a stand-in that loads it on first use, so
 * nothing changes when something does use it.
 */
export interface LazyPart {
  /** The request string as the SDK writes it. */
  readonly request: string;
  /** The package whose modules make the request. */
  readonly from: string;
}

export const LAZY_PARTS: readonly LazyPart[] = [
  { request: "@npmcli/arborist", from: "@pulumi/pulumi" },
  { request: "../../typescript-shim", from: "@pulumi/pulumi" },
  { request: "./classic", from: "@pulumi/awsx" },
];

/**
 * A module that loads on first use. It says it is an ES module, so that the
 * `__importStar` of the SDKs' compiled code keeps it as it is instead of
 * copying its keys (which would load it at once).
 */
export function lazyModule(load: () => object): object {
  let real: object | undefined;
  const target = (): object => (real ??= load());
  return new Proxy(
    {},
    {
      get: (_, key) => (key === "__esModule" ? true : Reflect.get(target(), key)),
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
  _load(request: string, parent: { filename?: string } | undefined, isMain: boolean): unknown;
}

const inPackage = (filename: string | undefined, pkg: string) => filename !== undefined && filename.includes(`/node_modules/${pkg}/`);

let installed = false;

/** Makes Node's `require` hand out the lazy stand-ins in this process (shared/register.js; jest maps them in its config). */
export function installLazySdk(): void {
  if (installed) return;
  const loader = Module as unknown as Loader;
  const load = loader._load.bind(loader);
  loader._load = (request, parent, isMain) => {
    const part = LAZY_PARTS.find((p) => p.request === request && inPackage(parent?.filename, p.from));
    return part === undefined ? load(request, parent, isMain) : lazyModule(() => load(request, parent, isMain) as object);
  };
  installed = true;
}
