export * from "./config";
export * from "./contracts";
export * from "./layers";
export * from "./listeners";
export * from "./names";
export * from "./naming";
export * from "./provider";
export * from "./tags";
