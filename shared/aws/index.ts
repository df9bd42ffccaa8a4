export * from "./afterDelete";
export * from "./aurora";
export * from "./elasticache";
export * from "./elb";
export * from "./fact";
export * from "./fargate";
export * from "./quotas";
export * from "./scaling";
