/**
 * `npm run bench`: wall time of the offline plan as a newcomer runs it (a
 * fresh Node process per run, module loading included) for each committed
 * stack, and optionally (`--test`) of the whole `npm test`. A benchmark to
 * report, not a timed test.
 */
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { committedStacks } from "./runner";

const ROOT = path.resolve(__dirname, "..", "..");
const RUNS = 3;

function seconds(command: string, args: string[]): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, { cwd: ROOT, stdio: "ignore" });
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${run.status}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

process.stdout.write(`machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}\n`);
for (const stack of committedStacks()) {
  const out = path.join(os.tmpdir(), `bench-${stack}.json`);
  const times = Array.from({ length: RUNS }, () =>
    seconds(process.execPath, ["-r", "ts-node/register/transpile-only", "shared/plan/cli.ts", "--stack", stack, "--out", out]),
  );
  process.stdout.write(`plan ${stack}: median ${median(times).toFixed(2)} s of ${RUNS} runs (${times.map((t) => t.toFixed(2)).join(", ")})\n`);
}
if (process.argv.includes("--test")) {
  process.stdout.write(`npm test: ${seconds("npm", ["test", "--silent"]).toFixed(1)} s\n`);
}
