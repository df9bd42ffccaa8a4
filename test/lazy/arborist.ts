// Jest's stand-in for @npmcli/arborist (jest.config.js maps the SDK's request here): it loads on first use.
import { createRequire } from "module";
import { lazyModule } from "../../shared/plan/lazySdk";

export = lazyModule(() => require(createRequire(__filename).resolve("@npmcli/arborist")) as object);
