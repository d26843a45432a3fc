// Quota preflight (`npm run preflight`): ARM's answers (armApi.ts), the region checks (region.ts),
// the suggestions (suggest.ts), the result (check.ts, types.ts), resource provider registration
// (resourceProviders.ts) and the command (args.ts, main.ts). Re-exports only.
export * from "./armApi";
export * from "./args";
export * from "./check";
export * from "./main";
export * from "./region";
export * from "./resourceProviders";
export * from "./suggest";
export * from "./types";
export { armToken, subscriptionId } from "../http/arm";
