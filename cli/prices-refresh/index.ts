// `npm run prices:refresh`: the requests (requests.ts), paging and transport (fetch.ts), the
// choice of an item per meter (pick.ts), the refresh and its report (refresh.ts), the command
// (main.ts). Re-exports only.
export * from "./fetch";
export * from "./main";
export * from "./pick";
export * from "./refresh";
export * from "./requests";
