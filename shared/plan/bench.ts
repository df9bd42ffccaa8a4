/**
 * `npm run bench`: the figures of the test section of docs/development.md, each measured
 * as a newcomer meets it (a fresh Node process per run, module loading
 * included), as medians with every run listed. A benchmark to report, not a
 * timed test.
 *
 * - the plan of every committed stack (five runs each), and for orders-dev,
 *   run by run in turn, the load of the SDKs the plan needs, and the ratio;
 * - with `--test`: `npm test`, three runs;
 * - with `--ci`: `.ci/run` in a fresh clone of HEAD (`npm ci` included), once.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { committedStacks } from "./runner";

const ROOT = path.resolve(__dirname, "..", "..");
const PLAN_RUNS = 5;
const TEST_RUNS = 3;

/** The SDKs the plan loads, as `node -e` would require them. */
export const PLAN_SDKS = ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/awsx", "@pulumi/random", "@pulumi/policy"];

function seconds(command: string, args: string[], cwd = ROOT): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, { cwd, stdio: "ignore" });
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${run.status}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const figure = (name: string, xs: readonly number[]) =>
  `${name}: median ${median(xs).toFixed(2)} s of ${xs.length} runs (${xs.map((t) => t.toFixed(2)).join(", ")})\n`;
const plan = (stack: string) =>
  seconds(process.execPath, [
    "-r",
    "./shared/register.js",
    "shared/plan/cli.ts",
    "--stack",
    stack,
    "--out",
    path.join(os.tmpdir(), `bench-${stack}.json`),
  ]);
const sdkLoad = () => seconds(process.execPath, ["-e", PLAN_SDKS.map((m) => `require(${JSON.stringify(m)})`).join(";")]);

process.stdout.write(
  `${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}\n`,
);
const planTimes: number[] = [];
const loadTimes: number[] = [];
for (let i = 0; i < PLAN_RUNS; i++) {
  planTimes.push(plan("orders-dev"));
  loadTimes.push(sdkLoad());
}
process.stdout.write(figure("plan orders-dev", planTimes));
process.stdout.write(figure(`load of the SDKs (node -e require ${PLAN_SDKS.join(", ")})`, loadTimes));
process.stdout.write(`plan / SDK load: median ratio ${median(planTimes.map((t, i) => t / loadTimes[i])).toFixed(2)}\n`);
for (const stack of committedStacks().filter((s) => s !== "orders-dev")) {
  process.stdout.write(
    figure(
      `plan ${stack}`,
      Array.from({ length: PLAN_RUNS }, () => plan(stack)),
    ),
  );
}
if (process.argv.includes("--test")) {
  process.stdout.write(
    figure(
      "npm test",
      Array.from({ length: TEST_RUNS }, () => seconds("npm", ["test", "--silent"])),
    ),
  );
}
if (process.argv.includes("--ci")) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-ci-"));
  spawnSync("git", ["clone", "--quiet", ROOT, path.join(dir, "main")], { stdio: "ignore" });
  fs.symlinkSync(path.resolve(ROOT, "..", "shared"), path.join(dir, "shared"));
  process.stdout.write(figure(".ci/run in a fresh clone", [seconds("bash", [".ci/run"], path.join(dir, "main"))]));
  fs.rmSync(dir, { recursive: true, force: true });
}
