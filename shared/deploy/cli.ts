import { productionDeps, runCli } from "./main";

/** `npm run deploy|preview|destroy|outputs -- ...`: the script passes the command first. */
void runCli(process.argv.slice(2), productionDeps()).then((code) => {
  process.exitCode = code;
});
