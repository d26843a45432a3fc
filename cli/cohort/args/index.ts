// Command-line parsing and validation for `npm run cohort -- <command>`: the commands and their
// options (spec.ts), the parser (parse.ts), the checked options (options.ts). Re-exports only.
export * from "./options";
export * from "./parse";
export * from "./spec";
