// Jest's stand-in for @pulumi/pulumi/typescript-shim (jest.config.js maps the SDK's request here): it loads on first use.
import { createRequire } from "module";
import { lazyModule } from "../../shared/plan/lazySdk";

export = lazyModule(() => require(createRequire(__filename).resolve("@pulumi/pulumi/typescript-shim")) as object);
