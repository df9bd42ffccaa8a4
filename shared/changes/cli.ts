import { changesCommand } from "./command";

/** `npm run changes -- --stack <stack> --base <git-ref> [--json]`, in the repository that holds the current folder. */
void changesCommand(process.argv.slice(2), process.cwd()).then((result) => {
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
});
