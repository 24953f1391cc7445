export * from "./users";
export * from "./conversations";
export * from "./messages";
export * from "./recall";
export * from "./realtime";
export * from "./review";
export * from "./rate-limits";
export * from "./reports";
