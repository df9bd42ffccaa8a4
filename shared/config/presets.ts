import { RawConfig } from "./reader";

/**
 * A preset is a system the platform knows how to deploy: its name, home
 * region and the config values that differ from the platform defaults (which
 * are the order API's). A stack picks one with `platform:preset`; any key the
 * stack sets itself wins over the preset.
 */
export interface Preset {
  readonly description: string;
  /** Used when `aws:region` is not set. */
  readonly region: string;
  /** Raw `platform:*` values, as a stack file would set them. */
  readonly values: RawConfig;
}

export const PRESETS = {
  orders: {
    description: "Order processing API: Aurora MySQL, blue/green ECS on Fargate Spot, WAF rate limiting",
    region: "us-east-1",
    values: { system: "orders" },
  },
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
