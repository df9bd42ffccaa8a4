import { Fake } from "./kit";

/** The compute layer's resource types. */
export const COMPUTE_FAKES: Readonly<Record<string, Fake>> = {};
