#!/usr/bin/env node
// Removes compiled output in bin/ whose TypeScript source is gone (a file renamed, moved or turned
// into a folder). tsc never deletes what it emitted earlier, and a stale bin/x/config.js would
// shadow a new x/config/index.js for `require("./config")`, and a stale integration test would
// still run. Plain JavaScript so that it runs before the build: `npm run build` calls it first.
// Usage: node scripts/clean-bin.js [PROJECT_DIR]   (default: the folder above this script)
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(process.argv[2] ?? path.join(__dirname, ".."));
const bin = path.join(root, "bin");

/** The .ts source a compiled file came from: bin/a/b.js and bin/a/b.js.map -> a/b.ts. */
function sourceOf(file) {
  const rel = path.relative(bin, file).replace(/\.js(\.map)?$/, "");
  return path.join(root, `${rel}.ts`);
}

function walk(dir, removed) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file, removed);
    else if (/\.js(\.map)?$/.test(entry.name) && !fs.existsSync(sourceOf(file))) {
      fs.rmSync(file);
      removed.push(path.relative(root, file));
    }
  }
}

if (fs.existsSync(bin)) {
  const removed = [];
  walk(bin, removed);
  const js = removed.filter((f) => f.endsWith(".js"));
  if (js.length > 0)
    process.stderr.write(`removed ${js.length} stale compiled file(s) from bin/\n`);
}
