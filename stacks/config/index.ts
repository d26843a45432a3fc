export * from "./errors";
export * from "./kinds";
export * from "./learners";
export * from "./schema";
export * from "./structured";
export * from "./timeZones";
export * from "./types";
export * from "./validate";
export { GUID, EMAIL } from "./reader";
