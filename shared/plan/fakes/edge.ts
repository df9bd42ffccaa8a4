import { Fake } from "./kit";

/** The edge layer's resource types. */
export const EDGE_FAKES: Readonly<Record<string, Fake>> = {};
