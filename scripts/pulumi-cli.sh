#!/usr/bin/env bash
# Builds, once per version, the Pulumi CLI used by the integration tests, and prints its bin folder
# on the last line of stdout:
#
#   PATH="$(scripts/pulumi-cli.sh | tail -1):$PATH"
#
# The version is the @pulumi/pulumi version in package-lock.json. The CLI (`pulumi`) is built from
# the Go modules github.com/pulumi/pulumi/pkg/v3 and sdk/v3 at that version, with the linker flag
# Pulumi's release uses (.goreleaser.yml), so `pulumi version` and the Automation API's version
# check see the real version. Pulumi's Node.js language host module
# (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) is not served by the Go
# module proxy, so `pulumi-language-nodejs` is a small host of our own (Go source in
# tools/pulumi-langhost), built against sdk/v3 at the same version. See tests/integration/README.md.
#
# Output goes to ${PULUMI_CLI_CACHE:-$HOME/.cache/dp100-labs/pulumi-cli}/v<version>/, outside the
# repository; an existing build is reused when both binaries report the version and the language
# host source is unchanged (a changed source rebuilds only the language host). Needs node, go
# (>= the go directive of pkg/v3) and the Go module proxy.
# Any failure exits non-zero with the reason on stderr. Progress goes to stderr.
set -euo pipefail

die() {
  echo "pulumi-cli.sh: error: $*" >&2
  exit 1
}
note() { echo "pulumi-cli.sh: $*" >&2; }

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
lock_file=$repo_root/package-lock.json

command -v node >/dev/null 2>&1 || die "node is not on PATH (it reads $lock_file)"
[[ -f $lock_file ]] || die "$lock_file not found"
version=$(node -e '
  const lock = require(process.argv[1]);
  const entry = (lock.packages || {})["node_modules/@pulumi/pulumi"] ||
    (lock.dependencies || {})["@pulumi/pulumi"];
  if (!entry || !entry.version) {
    console.error("no node_modules/@pulumi/pulumi entry in " + process.argv[1]);
    process.exit(1);
  }
  console.log(entry.version);
' "$lock_file") || die "could not read the @pulumi/pulumi version from $lock_file"
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
  die "@pulumi/pulumi version '$version' in $lock_file is not a release version (x.y.z)"

cache_root=${PULUMI_CLI_CACHE:-$HOME/.cache/dp100-labs/pulumi-cli}
[[ $cache_root == /* ]] || die "PULUMI_CLI_CACHE='$cache_root' must be an absolute path"
case "$cache_root/" in
  "$repo_root"/*) die "PULUMI_CLI_CACHE='$cache_root' is inside the repository; use a folder outside $repo_root" ;;
esac
dir=$cache_root/v$version
bin=$dir/bin
src=$dir/src
log=$dir/build.log
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"
tags=osusergo,grpcnotrace

# The language host's Go source (tools/pulumi-langhost, a Go module of its own for gofmt, go vet
# and go test; its _test.go files are not built). The checksum of its .go files is stored next to
# the binaries as .langhost.sha256: an edit to the source rebuilds the language host, and only it.
langhost_dir=$repo_root/tools/pulumi-langhost
langhost_files=()
while IFS= read -r file; do langhost_files+=("$file"); done < <(
  cd "$langhost_dir" && LC_ALL=C ls -- *.go | grep -v '_test\.go$'
)
((${#langhost_files[@]} > 0)) || die "no Go source in $langhost_dir"
langhost_sum=$(cd "$langhost_dir" && sha256sum -- "${langhost_files[@]}" | sha256sum | cut -d' ' -f1)

# Until the source moved to tools/pulumi-langhost it was a heredoc in this script, whose checksum
# (legacy_sum) caches built then carry. The move split Run and RunPlugin into smaller functions
# without changing what the host does, so such a build stays valid as long as the source is still
# the moved one (moved_sum); any edit to it rebuilds the language host.
legacy_sum=696af186bbda9ce3d0b6867f604a892756648f97b86d9b26f6e1b422fedc349a
moved_sum=1d7b40086dda9607f9f46d57a9349e767c978090b42d5b7e06a72276abd05ae5

# Succeed when $bin holds a pulumi of $version.
cli_built() {
  [[ -x $bin/pulumi ]] || return 1
  [[ $("$bin/pulumi" version 2>/dev/null) == "v$version" ]]
}

# Succeed when $bin holds a pulumi-language-nodejs of $version built from the current source.
langhost_built() {
  [[ -x $bin/pulumi-language-nodejs ]] || return 1
  [[ $("$bin/pulumi-language-nodejs" -version 2>/dev/null) == "v$version" ]] || return 1
  local stamp
  stamp=$(cat "$bin/.langhost.sha256" 2>/dev/null) || return 1
  [[ $stamp == "$langhost_sum" ]] || [[ $stamp == "$legacy_sum" && $langhost_sum == "$moved_sum" ]]
}

is_built() { cli_built && langhost_built; }

if is_built; then
  echo "$bin"
  exit 0
fi

mkdir -p "$dir" || die "cannot create $dir"
# One build at a time per version (parallel test runs share the cache).
exec 9>"$dir/.lock"
if command -v flock >/dev/null 2>&1; then
  flock 9 || die "could not lock $dir/.lock"
fi
if is_built; then # another process finished the build while we waited
  echo "$bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || die "go is not on PATH: install Go to build the Pulumi CLI v$version"
export GOFLAGS=-mod=mod GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0

start=$SECONDS
if cli_built; then
  build_cli=false
  note "building the language host of the Pulumi CLI v$version in $dir (its source changed; log: $log)"
else
  build_cli=true
  note "building the Pulumi CLI v$version in $dir (first run only; several minutes; log: $log)"
fi
: >"$log"

# Runs a command with its output in the build log; on failure prints the log's tail and stops.
run_logged() {
  echo "+ $*" >>"$log"
  "$@" >>"$log" 2>&1 &
  local pid=$! waited=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    waited=$((waited + 5))
    if ((waited % 60 == 0)); then note "... still running: $1 $2 ($((SECONDS - start))s so far)"; fi
  done
  if ! wait "$pid"; then
    tail -n 40 "$log" >&2
    die "'$*' failed in $src (full log: $log)"
  fi
}

# pkg/v3's go.mod: its go directive and its replace directives.
cd "$dir"
pkg_mod=$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$version" 2>>"$log" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);
    if(j.Error){console.error(j.Error);process.exit(1)} console.log(j.GoMod)})' 2>>"$log") ||
  { tail -n 20 "$log" >&2; die "could not download github.com/pulumi/pulumi/pkg/v3@v$version from the Go module proxy ($(go env GOPROXY))"; }
[[ -f $pkg_mod ]] || die "go mod download gave no go.mod for pkg/v3@v$version"

need_go=$(awk '$1 == "go" { print $2; exit }' "$pkg_mod")
have_go=$(go env GOVERSION | sed 's/^go//')
if [[ -n $need_go ]] && [[ $(printf '%s\n%s\n' "$need_go" "$have_go" | sort -V | head -1) != "$need_go" ]]; then
  die "pulumi pkg/v3@v$version needs Go $need_go or newer; this machine has Go $have_go"
fi

# Copy pkg/v3's replace directives. Local ones (=> ../sdk) only point at sibling folders of the
# pulumi repository; sdk/v3 is required at the same version below instead. Any other local
# replace cannot be honoured outside that repository, so it stops the build.
replaces=$(awk '
  /^replace[ \t]*\(/ { block = 1; next }
  block && /^\)/ { block = 0; next }
  block { print; next }
  /^replace[ \t]/ { sub(/^replace[ \t]+/, ""); print }
' "$pkg_mod" | sed 's://.*$::' | awk 'NF')
replace_lines=""
while IFS= read -r line; do
  [[ -z $line ]] && continue
  target=$(awk -F'=>' '{ gsub(/^[ \t]+|[ \t]+$/, "", $2); print $2 }' <<<"$line")
  module=$(awk '{ print $1 }' <<<"$line")
  if [[ $target == .* || $target == /* ]]; then
    [[ $module == github.com/pulumi/pulumi/sdk/v3 ]] ||
      die "pkg/v3@v$version replaces $module with the local path '$target', which this build cannot reproduce"
    continue
  fi
  replace_lines+="replace $line"$'\n'
done <<<"$replaces"

rm -rf "$src"
mkdir -p "$src/langhost" "$src/cmdpulumi"
cat >"$src/go.mod" <<EOF
// Throw-away module written by dp100-labs scripts/pulumi-cli.sh to build the Pulumi CLI v$version.
module dp100labs.invalid/pulumi-cli-build

go ${need_go:-1.25}

require (
	github.com/pulumi/pulumi/pkg/v3 v$version
	github.com/pulumi/pulumi/sdk/v3 v$version
)

$replace_lines
EOF
# Keeps pkg/v3/cmd/pulumi (and so every package it needs) in the module graph for go mod tidy.
cat >"$src/cmdpulumi/tools.go" <<'EOF'
//go:build tools

package cmdpulumi

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
EOF
cp -- "${langhost_files[@]/#/$langhost_dir/}" "$src/langhost/"

cd "$src"
run_logged go mod tidy
for mod in github.com/pulumi/pulumi/pkg/v3 github.com/pulumi/pulumi/sdk/v3; do
  got=$(go list -m -f '{{.Version}}' "$mod" 2>>"$log") || die "go list -m $mod failed (log: $log)"
  [[ $got == "v$version" ]] || die "$mod resolved to $got instead of v$version in $src/go.mod"
done

out=$dir/bin.new
rm -rf "$out"
mkdir -p "$out"
if $build_cli; then
  run_logged go build -trimpath -tags "$tags" -ldflags "$ldflags" -o "$out/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  got=$("$out/pulumi" version 2>&1) || die "the new $out/pulumi does not run: $got"
  [[ $got == "v$version" ]] || die "the new pulumi reports version '$got', expected v$version"
fi
run_logged go build -trimpath -tags "$tags" -ldflags "$ldflags" -o "$out/pulumi-language-nodejs" ./langhost
got=$("$out/pulumi-language-nodejs" -version 2>&1) || die "the new pulumi-language-nodejs does not run: $got"
[[ $got == "v$version" ]] || die "the new pulumi-language-nodejs reports version '$got', expected v$version"
echo "$langhost_sum" >"$out/.langhost.sha256"

# Each file is renamed into place (atomic on one file system), the stamp last: a test running the
# old binaries meanwhile keeps them, and an interrupted install never stamps a binary it lacks.
mkdir -p "$bin"
for file in pulumi pulumi-language-nodejs .langhost.sha256; do
  if [[ -e $out/$file ]]; then mv -f "$out/$file" "$bin/$file"; fi
done
rm -rf "$out"
is_built || die "the build in $bin does not check out (pulumi and pulumi-language-nodejs must report v$version)"
note "built the Pulumi CLI v$version in $((SECONDS - start))s ($(du -sh "$bin" | cut -f1) in $bin)"
echo "$bin"
