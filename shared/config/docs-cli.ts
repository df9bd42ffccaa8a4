import * as path from "path";
import { syncReference } from "./reference";

const updated = syncReference(path.resolve(__dirname, "..", ".."), "write");
process.stdout.write(updated.length > 0 ? `updated the config reference in ${updated.join(", ")}\n` : "config reference up to date\n");
