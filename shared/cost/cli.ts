import { costCommand } from "./command";

/** `npm run cost -- --stack <stack> <preview.json> ...`. */
const result = costCommand(process.argv.slice(2));
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.exitCode;
