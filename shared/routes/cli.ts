import { parseRoutesArgs, routesCommand } from "./command";

function fail(err: unknown): never {
  process.stderr.write(`routes failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

process.on("unhandledRejection", fail);
routesCommand(parseRoutesArgs(process.argv.slice(2)))
  .then(({ stdout, exitCode }) => {
    process.stdout.write(stdout);
    process.exitCode = exitCode;
  })
  .catch(fail);
