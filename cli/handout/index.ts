// Handouts: one learner row per line, as Markdown and CSV (format.ts), for a cohort (cohort.ts) and
// the `npm run handout` command (main.ts). Re-exports only.
export * from "./format";
export * from "./cohort";
