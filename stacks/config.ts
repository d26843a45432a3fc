/**
 * The configuration lives in stacks/config/ (schema.ts, validate.ts, ...). This file only
 * re-exports it, so that a build over an older bin/ rewrites bin/stacks/config.js: left over from
 * before the split, that file would shadow bin/stacks/config/index.js (Node resolves `./config` to
 * `config.js` before `config/index.js`, and tsc never deletes an output whose source is gone).
 */
export * from "./config/index";
