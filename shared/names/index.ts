import { NameBase, NameKind, physicalName } from "../naming";
import { COMPUTE_NAMES } from "./compute";
import { DATA_NAMES } from "./data";
import { EDGE_NAMES } from "./edge";
import { NETWORK_NAMES } from "./network";

export { DISCOVERY_SERVICE_NAME } from "./compute";

/**
 * Every kind of physical name the platform creates, in one table, so the
 * naming tests cover all of them against the longest system and suffix.
 */
export const NAMES = {
  ...NETWORK_NAMES,
  ...DATA_NAMES,
  ...EDGE_NAMES,
  ...COMPUTE_NAMES,
} as const satisfies Record<string, NameKind>;

export type NameKindId = keyof typeof NAMES;

/** The physical name of one of the platform's own kinds of resource. */
export function nameOf(base: NameBase, id: NameKindId): string {
  return physicalName(base, NAMES[id]);
}
