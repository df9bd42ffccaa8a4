import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./policies";

/**
 * The platform's CrossGuard pack: `pulumi preview --policy-pack shared/policy`
 * (or `up`) in any layer's folder. The offline plan runs the same `POLICIES`.
 */
export const pack = new PolicyPack("platform-guardrails", { policies: [...POLICIES] });
