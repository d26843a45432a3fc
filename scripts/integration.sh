#!/usr/bin/env bash
# Integration tests: the project through the real Pulumi engine (CLI v<@pulumi/pulumi version>,
# built by scripts/pulumi-cli.sh), the policy pack and the Automation API, with stand-in providers
# (tests/providers) instead of Azure. See tests/integration/README.md.
#
#   bash scripts/integration.sh [node --test options, e.g. --test-name-pattern=cohort]
#
# Needs `npm ci` (node_modules and policy/node_modules). Compiles the project into bin/ when a
# TypeScript source is newer than its output (npm test already did). Fails loudly when the CLI
# cannot be built or the build fails. Exit status: that of the tests.
set -euo pipefail

die() {
  echo "integration.sh: error: $*" >&2
  exit 1
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
start=$SECONDS

[[ -d node_modules/@pulumi/pulumi ]] || die "node_modules is missing: run 'npm ci' first"
[[ -d policy/node_modules/@pulumi/policy ]] ||
  die "policy/node_modules is missing: run 'npm ci' (its postinstall installs policy/) first"

# 1. The pinned Pulumi CLI (built once per version, then reused in under a second).
if ! cli_out=$(bash scripts/pulumi-cli.sh); then
  die "scripts/pulumi-cli.sh could not build the Pulumi CLI (its reason is above); the integration tests need it and are NOT skipped"
fi
cli_bin=$(tail -n 1 <<<"$cli_out")
[[ -x $cli_bin/pulumi ]] || die "scripts/pulumi-cli.sh printed '$cli_bin', which holds no pulumi executable"
echo "integration.sh: Pulumi CLI $("$cli_bin/pulumi" version) from $cli_bin ($((SECONDS - start)) s)"

# 2. The compiled tests, stand-ins and CLI entry points in bin/.
stale=$(node -e '
  const fs = require("fs"), path = require("path");
  const dirs = ["azure", "components", "labs", "stacks", "plan", "guardrails", "cli", "scripts", "tests"];
  const mtime = (f) => { try { return fs.statSync(f).mtimeMs; } catch { return -1; } };
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
  const sources = ["index.ts", ...dirs.filter((d) => fs.existsSync(d)).flatMap(walk)]
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
  // tsc (incremental) leaves an output alone when its source only got a newer time: such a
  // source is up to date when it is older than the build info.
  const built = mtime("bin/.tsbuildinfo");
  const out = sources.find((f) =>
    Math.max(built, mtime(path.join("bin", f.replace(/\.ts$/, ".js")))) < mtime(f));
  if (out) console.log(out);
')
if [[ -n $stale ]]; then
  echo "integration.sh: bin/ is older than $stale: compiling (npx tsc -p tsconfig.json)"
  npx --no-install tsc -p tsconfig.json || die "the TypeScript build failed; the integration tests run the compiled bin/"
fi
shopt -s nullglob
tests=(bin/tests/integration/*.test.js)
((${#tests[@]} > 0)) || die "no compiled tests in bin/tests/integration: run 'npm run build'"

# 3. The tests. Each file creates its own temporary sandbox (project copy, file backend,
# PULUMI_HOME with the stand-ins); nothing outside it is written.
export DP100_PULUMI_BIN=$cli_bin
unset PULUMI_IGNORE_AMBIENT_PLUGINS
tests_start=$SECONDS
status=0
node --test --test-reporter=spec "$@" "${tests[@]}" || status=$?
echo "integration.sh: tests $((SECONDS - tests_start)) s, total $((SECONDS - start)) s, exit $status"
exit "$status"
