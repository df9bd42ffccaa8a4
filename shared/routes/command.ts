import { readCommandLine, readOverrides } from "../cli";
import { configOf, Plan, PlanOptions, readStackSettings, runPlan } from "../plan/runner";
import { documentedRoutes } from "./documented";
import { formatRouteReport, formatWalk } from "./format";
import { parseRequest } from "./request";
import { walkRequest } from "./walk";

export const ROUTES_USAGE = `usage: npm run routes -- --stack <stack> [--set key=value ...] [--request ${JSON.stringify("GET apiUrl/payments x-api-key:k")} ...] [--json]`;

/** The command line of `npm run routes`. */
export interface RoutesArgs {
  readonly stack: string;
  readonly overrides: Readonly<Record<string, string>>;
  readonly requests: readonly string[];
  readonly json: boolean;
}

/** Parses `--stack`, repeated `--set key=value` and `--request`, and `--json`; throws with the usage on anything else. */
export function parseRoutesArgs(argv: readonly string[]): RoutesArgs {
  const fail = (message: string): never => {
    throw new Error(`${message}; ${ROUTES_USAGE}`);
  };
  const { values } = readCommandLine(argv, { stack: "string", set: "strings", request: "strings", json: "boolean" }, fail);
  if (values.stack === undefined) return fail("--stack is required");
  return { stack: values.stack, overrides: readOverrides(values.set, fail), requests: values.request, json: values.json };
}

/**
 * Plans the stack offline and walks the given requests, or, with none, the
 * stack's documented paths: exit code 1 when any of those does not end where
 * it should (a given request is shown, not judged).
 */
export async function routesCommand(
  args: RoutesArgs,
  plans: (opts: PlanOptions) => Promise<Plan> = runPlan,
): Promise<{ stdout: string; exitCode: number }> {
  const plan = await plans({ stack: args.stack, overrides: args.overrides });
  if (args.requests.length > 0) {
    const walks = args.requests.map((text) => walkRequest(plan, parseRequest(plan, text)));
    return { stdout: `${args.json ? JSON.stringify(walks, null, 2) : walks.map(formatWalk).join("\n\n")}\n`, exitCode: 0 };
  }
  const report = documentedRoutes(plan, configOf(args.stack, readStackSettings(args.stack, args.overrides)));
  return {
    stdout: `${args.json ? JSON.stringify(report, null, 2) : formatRouteReport(args.stack, report)}\n`,
    exitCode: report.problems.length === 0 ? 0 : 1,
  };
}
