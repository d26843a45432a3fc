export * from "./config";
export * from "./compose";
