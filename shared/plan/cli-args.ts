import { PlanError } from "./runner";

/** The command line of `npm run plan`. */
export interface PlanArgs {
  readonly stack: string;
  readonly overrides: Readonly<Record<string, string>>;
  readonly out: string;
}

export const USAGE = "usage: npm run plan -- --stack <stack> [--set key=value ...] [--out <file>]";

/** Parses `--stack`, repeated `--set key=value` and `--out`; throws a PlanError with the usage on anything else. */
export function parsePlanArgs(argv: readonly string[]): PlanArgs {
  let stack: string | undefined;
  let out: string | undefined;
  const overrides: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined || !["--stack", "--set", "--out"].includes(flag)) throw new PlanError(`unexpected argument "${flag}"; ${USAGE}`);
    i++;
    if (flag === "--stack") stack = value;
    else if (flag === "--out") out = value;
    else {
      const eq = value.indexOf("=");
      if (eq <= 0) throw new PlanError(`--set takes key=value, got "${value}"; ${USAGE}`);
      overrides[value.slice(0, eq).replace(/^platform:/, "")] = value.slice(eq + 1);
    }
  }
  if (stack === undefined) throw new PlanError(`--stack is required; ${USAGE}`);
  return { stack, overrides, out: out ?? `plan-${stack}.json` };
}
