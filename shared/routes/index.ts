export * from "./alb";
export * from "./apiGateway";
export * from "./documented";
export * from "./securityGroups";
export * from "./walk";
export * from "./command";
export * from "./format";
export * from "./request";
