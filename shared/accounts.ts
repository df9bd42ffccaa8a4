/**
 * Which committed stacks are assumed to share an AWS account: the quota
 * budget (`npm test`, test/plan/accountScale.test.ts) checks each account's
 * stacks together, region by region. Production lives in an account of its
 * own, as AWS's multi-account guidance has it; the development stacks of
 * every system share one, with the short-lived environments on top of the
 * long-lived development stack whose network and data they read.
 */
export const ACCOUNTS: Readonly<Record<string, readonly string[]>> = {
  development: ["orders-dev", "orders-pr-example", "catalog-dev", "payments-dev"],
  production: ["orders-prod"],
};
