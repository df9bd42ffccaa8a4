export * from "./compute";
export * from "./contract";
export * from "./data";
export * from "./edge";
export * from "./network";
