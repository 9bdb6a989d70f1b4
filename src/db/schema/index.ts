export * from "./tenants";
export * from "./customers";
export * from "./documents";
export * from "./payments";
export * from "./catalog";
export * from "./signin";
export * from "./ops";
export type { Adjustment } from "./columns";
export * from "./numbering";
