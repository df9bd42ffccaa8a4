import { NameKind } from "../naming";

/** The edge layer's physical names. */
export const EDGE_NAMES = {} as const satisfies Record<string, NameKind>;
