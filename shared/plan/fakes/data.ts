import { Fake } from "./kit";

/** The data layer's resource types. */
export const DATA_FAKES: Readonly<Record<string, Fake>> = {};
