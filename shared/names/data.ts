import { NameKind } from "../naming";

/** The data layer's physical names. */
export const DATA_NAMES = {} as const satisfies Record<string, NameKind>;
