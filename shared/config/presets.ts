import { RawConfig } from "./spec";

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
  catalog: {
    description: "Product catalog API: Aurora PostgreSQL Serverless v2, Redis cluster-mode sessions, HTTPS, Cloud Map, 14-day logs",
    region: "us-west-2",
    values: {
      system: "catalog",
      cache: true,
      databaseEngine: "aurora-postgresql",
      dbInstanceClass: "db.serverless",
      // Flash sales ramp up within seconds: a 2 ACU floor keeps the buffer cache warm, scales faster than from 0.5,
      // and keeps PostgreSQL's max_connections off its 0.5 ACU cap; 16 ACUs (32 GiB) bound the cost of a spike.
      dbServerlessMinAcu: 2,
      dbServerlessMaxAcu: 16,
      serviceDiscovery: true,
      minTasks: 2,
      maxTasks: 10,
      apiLogRetentionDays: 14,
      dbLogRetentionDays: 14,
      flowLogRetentionDays: 14,
      wafLogRetentionDays: 14,
      cacheLogRetentionDays: 14,
      apiPathPatterns: ["/products*", "/categories*", "/sessions*", "/health"],
      // No order backlog; "high CPU" is the service's (the database CPU alarm is always on).
      pendingOrdersMetric: false,
      alarmServiceCpuPercent: 80,
    },
  },
  payments: {
    description:
      "Payment API: isolated database subnets, Aurora PostgreSQL with a customer-managed key, API Gateway in front, X-Ray, 7-year logs",
    region: "ap-southeast-1",
    values: {
      system: "payments",
      isolatedSubnets: true,
      minTasks: 2,
      maxTasks: 10,
      databaseEngine: "aurora-postgresql",
      dbInstanceClass: "db.serverless",
      dbServerlessMinAcu: 0.5,
      dbServerlessMaxAcu: 2,
      // A payment must never lose its task to a Spot interruption.
      fargateSpot: false,
      memoryTargetPercent: 80,
      xrayTracing: true,
      dbCustomerManagedKey: true,
      dbBackupRetentionDays: 7,
      dbBackupWindow: "03:00-04:00",
      dbMaintenanceWindow: "sun:04:00-sun:05:00",
      dbBackupVerification: true,
      apiLogRetentionDays: 2557,
      dbLogRetentionDays: 2557,
      flowLogRetentionDays: 2557,
      wafLogRetentionDays: 2557,
      apiPathPatterns: ["/payments*", "/refunds*", "/webhooks/*", "/health"],
      // No order backlog; the alarms of its requirements (database CPU over 80% and connections are always on).
      pendingOrdersMetric: false,
      alarmServiceCpuPercent: 80,
      alarmServiceMemoryPercent: 80,
      alarmUnhealthyHosts: true,
      alarmDbFreeLocalStorageMiB: 1024,
      apiGateway: true,
    },
  },
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
