import { permissionsCommand } from "./command";

/** `npm run permissions -- --stack <stack> [--layer <layer>] ...` (shared/permissions/README.md). */
void permissionsCommand(process.argv.slice(2)).then((result) => {
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
});
