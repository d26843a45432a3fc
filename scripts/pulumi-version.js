#!/usr/bin/env node
// Prints the @pulumi/pulumi version that package-lock.json pins (e.g. 3.248.0): the Pulumi CLI
// version the workflows install (pulumi/actions `pulumi-version`) and scripts/pulumi-cli.sh builds.
// Plain JavaScript so that it runs before any build.
"use strict";
const fs = require("fs");
const path = require("path");

const lockFile = path.join(__dirname, "..", "package-lock.json");
const lock = JSON.parse(fs.readFileSync(lockFile, "utf8"));
const version = lock.packages?.["node_modules/@pulumi/pulumi"]?.version;
if (!/^\d+\.\d+\.\d+$/.test(version ?? "")) {
  process.stderr.write(`${lockFile} pins no @pulumi/pulumi version (got ${version})\n`);
  process.exit(2);
}
process.stdout.write(version + "\n");
