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
# module proxy, so `pulumi-language-nodejs` is a small host written here (below), built against
# sdk/v3 at the same version. See tests/integration/README.md.
#
# Output goes to ${PULUMI_CLI_CACHE:-$HOME/.cache/dp100-labs/pulumi-cli}/v<version>/, outside the
# repository; an existing build is reused when both binaries report the version and the language
# host source is unchanged. Needs node, go (>= the go directive of pkg/v3) and the Go module proxy.
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

# The language host's source. Its checksum is stored next to the binaries so that an edit here
# triggers a rebuild.
langhost_source() {
  cat <<'GO'
// Command pulumi-language-nodejs is dp100-labs' small Node.js language host for the Pulumi CLI
// used by the integration tests (written by scripts/pulumi-cli.sh; do not edit the copy in the
// cache).
//
// Pulumi's own language host lives in the Go module
// github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3, which the Go module proxy
// this project can reach does not serve. This host speaks the same LanguageRuntime gRPC protocol
// (github.com/pulumi/pulumi/sdk/v3/proto/go at the CLI's version) and starts programs and policy
// packs with the entry points shipped in the project's own @pulumi/pulumi npm package (cmd/run,
// cmd/run-plugin, cmd/run-policy-pack). It covers what `pulumi preview/up/destroy`,
// `--policy-pack` and the Automation API need; it does not install dependencies, generate code,
// pack SDKs or support synchronous invokes.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// exitAfterUserMessage is the exit code @pulumi/pulumi's cmd/run uses after it has already printed
// an actionable message; the engine is then told to stop without adding its own.
const exitAfterUserMessage = 32

func main() {
	tracing := flag.String("tracing", "", "Zipkin-compatible tracing endpoint, passed on to Node.js")
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.String("root", "", "accepted for compatibility; the engine sends directories in each request")
	flag.Parse()
	if *showVersion {
		fmt.Println(version.Version)
		return
	}
	logging.InitLogging(false, 0, false)

	engineAddress := flag.Arg(0)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if engineAddress != "" {
		// Exit when the engine goes away, like every Pulumi plugin.
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, stop); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start the engine health check: %w", err))
		}
	}
	cancel := make(chan bool)
	go func() {
		<-ctx.Done()
		close(cancel)
	}()

	host := newHost(engineAddress, *tracing)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start the language host gRPC server: %w", err))
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host gRPC server stopped: %w", err))
	}
}

type nodeHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
	tracing       string
	runCtx        context.Context
	cancelRuns    context.CancelFunc
}

func newHost(engineAddress, tracing string) *nodeHost {
	ctx, cancel := context.WithCancel(context.Background())
	return &nodeHost{engineAddress: engineAddress, tracing: tracing, runCtx: ctx, cancelRuns: cancel}
}

func (h *nodeHost) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

// runtimeOptions are the `runtime.options` of Pulumi.yaml / PulumiPolicy.yaml this host honours.
type runtimeOptions struct {
	typescript bool
	tsconfig   string
	nodeargs   []string
}

func parseRuntimeOptions(info *pulumirpc.ProgramInfo) (runtimeOptions, error) {
	opts := runtimeOptions{typescript: true}
	if info == nil || info.GetOptions() == nil {
		return opts, nil
	}
	for key, value := range info.GetOptions().AsMap() {
		switch key {
		case "typescript":
			b, ok := value.(bool)
			if !ok {
				return opts, fmt.Errorf("runtime option typescript=%v: expected true or false", value)
			}
			opts.typescript = b
		case "tsconfig":
			s, ok := value.(string)
			if !ok {
				return opts, fmt.Errorf("runtime option tsconfig=%v: expected a file path", value)
			}
			opts.tsconfig = s
		case "nodeargs":
			s, ok := value.(string)
			if !ok {
				return opts, fmt.Errorf("runtime option nodeargs=%v: expected a string", value)
			}
			// Split on blanks only: quoting is not supported by this host.
			opts.nodeargs = strings.Fields(s)
		case "packagemanager":
			// Only used to install dependencies, which this host does not do.
		default:
			return opts, fmt.Errorf("runtime option %q is not supported by the dp100-labs language host "+
				"(supported: typescript, tsconfig, nodeargs, packagemanager)", key)
		}
	}
	return opts, nil
}

func (o runtimeOptions) env() []string {
	var env []string
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfig)
	}
	return env
}

// resolveModule asks node where a module (e.g. "@pulumi/pulumi/cmd/run") resolves from dir.
func resolveModule(nodeBin, dir, module string) (string, error) {
	script := fmt.Sprintf("try { console.log(require.resolve(%q)); } catch (e) { "+
		"console.error(e.code === 'MODULE_NOT_FOUND' ? 'cannot find %s from ' + process.cwd() + "+
		"': install the dependencies (npm ci) first' : e.message); process.exit(1); }", module, module)
	cmd := exec.Command(nodeBin, "-e", script)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return "", errors.New(strings.TrimSpace(string(exitErr.Stderr)))
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

func programDirectory(info *pulumirpc.ProgramInfo, fallback string) string {
	if info != nil && info.GetProgramDirectory() != "" {
		return info.GetProgramDirectory()
	}
	return fallback
}

func (h *nodeHost) Handshake(
	ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	h.engineAddress = req.GetEngineAddress()
	h.mu.Unlock()
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *nodeHost) GetPluginInfo(ctx context.Context, _ *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// GetRequiredPackages lists the npm packages under node_modules whose package.json says
// `"pulumi": {"resource": true}` (the provider plugins a program may need).
func (h *nodeHost) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	dir := programDirectory(req.GetInfo(), "")
	found := map[string]*pulumirpc.PackageDependency{}
	if err := scanNodeModules(filepath.Join(dir, "node_modules"), found, map[string]bool{}); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(found))
	for k := range found {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	resp := &pulumirpc.GetRequiredPackagesResponse{}
	for _, k := range keys {
		resp.Packages = append(resp.Packages, found[k])
	}
	return resp, nil
}

type packageJSON struct {
	Name         string                   `json:"name"`
	Version      string                   `json:"version"`
	Pulumi       *plugin.PulumiPluginJSON `json:"pulumi"`
	Dependencies map[string]string        `json:"dependencies"`
}

func readPackageJSON(path string) (*packageJSON, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var pkg packageJSON
	if err := json.Unmarshal(b, &pkg); err != nil {
		// Some packages carry a "pulumi" section that is not a plugin description.
		var loose struct {
			Name         string            `json:"name"`
			Version      string            `json:"version"`
			Dependencies map[string]string `json:"dependencies"`
		}
		if err2 := json.Unmarshal(b, &loose); err2 != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return &packageJSON{Name: loose.Name, Version: loose.Version, Dependencies: loose.Dependencies}, nil
	}
	return &pkg, nil
}

func scanNodeModules(dir string, found map[string]*pulumirpc.PackageDependency, visited map[string]bool) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		path := filepath.Join(dir, name)
		if strings.HasPrefix(name, "@") {
			if err := scanNodeModules(path, found, visited); err != nil {
				return err
			}
			continue
		}
		real, err := filepath.EvalSymlinks(path)
		if err != nil || visited[real] {
			continue
		}
		visited[real] = true
		pkg, err := readPackageJSON(filepath.Join(real, "package.json"))
		if err == nil && pkg.Pulumi != nil && pkg.Pulumi.Resource {
			dep, err := pluginDependency(pkg)
			if err != nil {
				return err
			}
			found[dep.Name+"@"+dep.Version] = dep
		}
		if err := scanNodeModules(filepath.Join(real, "node_modules"), found, visited); err != nil {
			return err
		}
	}
	return nil
}

func pluginDependency(pkg *packageJSON) (*pulumirpc.PackageDependency, error) {
	name := pkg.Pulumi.Name
	if name == "" {
		if !strings.HasPrefix(pkg.Name, "@pulumi/") {
			return nil, fmt.Errorf("npm package %s declares a Pulumi resource plugin without pulumi.name", pkg.Name)
		}
		name = strings.TrimPrefix(pkg.Name, "@pulumi/")
	}
	ver := pkg.Pulumi.Version
	if ver == "" {
		ver = pkg.Version
	}
	if ver == "" {
		return nil, fmt.Errorf("npm package %s declares a Pulumi resource plugin without a version", pkg.Name)
	}
	if !strings.HasPrefix(ver, "v") {
		ver = "v" + ver
	}
	dep := &pulumirpc.PackageDependency{
		Name: name, Kind: string(apitype.ResourcePlugin), Version: ver, Server: pkg.Pulumi.Server,
	}
	if p := pkg.Pulumi.Parameterization; p != nil {
		dep.Parameterization = &pulumirpc.PackageParameterization{Name: p.Name, Version: p.Version, Value: p.Value}
	}
	return dep, nil
}

// Run starts the program with @pulumi/pulumi's cmd/run, connected straight to the engine's
// resource monitor.
func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	dir := programDirectory(info, req.GetPwd())
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on the $PATH: " + err.Error()}, nil
	}
	opts, err := parseRuntimeOptions(info)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	module := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if module == "" {
		module = "@pulumi/pulumi/cmd/run"
	}
	runPath, err := resolveModule(nodeBin, dir, module)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args := append([]string{}, opts.nodeargs...)
	args = append(args, runPath)
	flagArg := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flagArg("monitor", req.GetMonitorAddress())
	flagArg("engine", h.engine())
	flagArg("organization", req.GetOrganization())
	flagArg("project", req.GetProject())
	flagArg("root-directory", info.GetRootDirectory())
	flagArg("stack", req.GetStack())
	flagArg("pwd", dir)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flagArg("parallel", strconv.Itoa(int(req.GetParallel())))
	flagArg("tracing", h.tracing)
	entry := info.GetEntryPoint()
	if entry == "" {
		entry = "."
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not serialise the stack configuration: " + err.Error()}, nil
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not serialise the secret keys: " + err.Error()}, nil
	}
	env := append(os.Environ(), "PULUMI_CONFIG="+string(configJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON))
	env = append(env, opts.env()...)

	cmdCtx, cmdCancel := context.WithCancel(h.runCtx)
	defer cmdCancel()
	stopOnDone := context.AfterFunc(ctx, cmdCancel)
	defer stopOnDone()
	cmd := exec.CommandContext(cmdCtx, nodeBin, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	cmd.Env = env
	// Wrapped so exec copies through a pipe instead of handing node our own descriptors.
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}
	logging.V(5).Infof("dp100 language host: running %s %s", nodeBin, strings.Join(args, " "))
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitAfterUserMessage {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: "could not run node: " + err.Error()}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// RunPlugin starts a Node.js plugin: a policy pack (kind analyzer) with cmd/run-policy-pack, any
// other plugin with cmd/run-plugin. Output is streamed back to the engine.
func (h *nodeHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer,
) error {
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	info := req.GetInfo()
	dir := programDirectory(info, req.GetPwd())
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	opts, err := parseRuntimeOptions(info)
	if err != nil {
		return err
	}
	analyzer := req.GetKind() == string(apitype.AnalyzerPlugin)
	module := "@pulumi/pulumi/cmd/run-plugin"
	if analyzer {
		module = "@pulumi/pulumi/cmd/run-policy-pack"
	}
	runPath, err := resolveModule(nodeBin, dir, module)
	if err != nil {
		return err
	}
	args := append([]string{}, opts.nodeargs...)
	args = append(args, runPath)
	if analyzer {
		// run-policy-pack takes the engine address first and the policy pack directory last.
		args = append(args, req.GetArgs()...)
		args = append(args, dir)
	} else {
		args = append(args, dir)
		args = append(args, req.GetArgs()...)
	}
	env := append(append([]string{}, req.GetEnv()...), opts.env()...)

	var proxy *sdk.PolicyProxy
	if analyzer {
		// Policy packs read the stack's configuration from the environment: answer the engine's
		// ConfigureStack call here, then start the pack and hand the connection over to it.
		proxy, stdout, err = sdk.NewPolicyProxy(ctx, stdout)
		if err != nil {
			return fmt.Errorf("could not start the policy pack proxy: %w", err)
		}
		cfg, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("could not get the stack configuration for the policy pack: %w", err)
		}
		if cfg != nil {
			set := func(k, v string) {
				if v != "" {
					env = append(env, k+"="+v)
				}
			}
			set("PULUMI_NODEJS_ORGANIZATION", cfg.GetOrganization())
			set("PULUMI_NODEJS_PROJECT", cfg.GetProject())
			set("PULUMI_NODEJS_STACK", cfg.GetStack())
			set("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(cfg.GetDryRun()))
			if cfg.GetConfig() != nil {
				b, err := json.Marshal(cfg.GetConfig())
				if err != nil {
					return fmt.Errorf("could not serialise the policy pack configuration: %w", err)
				}
				set("PULUMI_CONFIG", string(b))
			}
		}
	}

	cmd := exec.CommandContext(ctx, nodeBin, args...)
	if analyzer {
		cmd.Dir = dir
	} else {
		cmd.Dir = req.GetPwd()
	}
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	logging.V(5).Infof("dp100 language host: running plugin %s %s", nodeBin, strings.Join(args, " "))
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not start node for plugin in %s: %w", dir, err)
	}
	if proxy != nil {
		err = proxy.Attach(ctx, cmd)
	} else {
		err = cmd.Wait()
	}
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return fmt.Errorf("plugin in %s exited with non-zero exit code: %d", dir, exitErr.ExitCode())
		}
		return fmt.Errorf("plugin in %s failed: %w", dir, err)
	}
	return closer.Close()
}

// InstallDependencies does not install anything: the tests run against an existing node_modules.
// It fails, naming the folder, when there is none.
func (h *nodeHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	dir := programDirectory(req.GetInfo(), req.GetDirectory())
	if _, err := os.Stat(filepath.Join(dir, "node_modules")); err != nil {
		return status.Errorf(codes.FailedPrecondition,
			"the dp100-labs language host does not install npm packages and %s has no node_modules: run npm ci there",
			dir)
	}
	return server.Send(&pulumirpc.InstallDependenciesResponse{
		Stdout: []byte("dp100-labs language host: using the existing " + filepath.Join(dir, "node_modules") + "\n"),
	})
}

func (h *nodeHost) RuntimeOptionsPrompts(
	ctx context.Context, req *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

func (h *nodeHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	out, err := exec.CommandContext(ctx, nodeBin, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("%s --version: %w", nodeBin, err)
	}
	return &pulumirpc.AboutResponse{
		Executable: nodeBin,
		Version:    strings.TrimSpace(string(out)),
		Metadata:   map[string]string{"languageHost": "dp100-labs stand-in"},
	}, nil
}

// GetProgramDependencies reports the installed version of each dependency in package.json.
func (h *nodeHost) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := programDirectory(req.GetInfo(), req.GetPwd())
	pkg, err := readPackageJSON(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(pkg.Dependencies))
	for name := range pkg.Dependencies {
		names = append(names, name)
	}
	sort.Strings(names)
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for _, name := range names {
		installed, err := readPackageJSON(filepath.Join(dir, "node_modules", name, "package.json"))
		if err != nil {
			return nil, fmt.Errorf("dependency %s of %s is not installed: %w", name, dir, err)
		}
		resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: name, Version: installed.Version})
	}
	return resp, nil
}

func (h *nodeHost) Cancel(ctx context.Context, _ *emptypb.Empty) (*emptypb.Empty, error) {
	h.cancelRuns()
	return &emptypb.Empty{}, nil
}
GO
}

langhost_sum=$(langhost_source | sha256sum | cut -d' ' -f1)

# Prints nothing and succeeds when $bin holds a complete build of $version.
is_built() {
  [[ -x $bin/pulumi && -x $bin/pulumi-language-nodejs ]] || return 1
  [[ $("$bin/pulumi" version 2>/dev/null) == "v$version" ]] || return 1
  [[ $("$bin/pulumi-language-nodejs" -version 2>/dev/null) == "v$version" ]] || return 1
  [[ $(cat "$bin/.langhost.sha256" 2>/dev/null) == "$langhost_sum" ]] || return 1
}

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
note "building the Pulumi CLI v$version in $dir (first run only; several minutes; log: $log)"
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
langhost_source >"$src/langhost/main.go"

cd "$src"
run_logged go mod tidy
for mod in github.com/pulumi/pulumi/pkg/v3 github.com/pulumi/pulumi/sdk/v3; do
  got=$(go list -m -f '{{.Version}}' "$mod" 2>>"$log") || die "go list -m $mod failed (log: $log)"
  [[ $got == "v$version" ]] || die "$mod resolved to $got instead of v$version in $src/go.mod"
done

out=$dir/bin.new
rm -rf "$out"
mkdir -p "$out"
run_logged go build -trimpath -tags "$tags" -ldflags "$ldflags" -o "$out/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
run_logged go build -trimpath -tags "$tags" -ldflags "$ldflags" -o "$out/pulumi-language-nodejs" ./langhost
echo "$langhost_sum" >"$out/.langhost.sha256"

got=$("$out/pulumi" version 2>&1) || die "the new $out/pulumi does not run: $got"
[[ $got == "v$version" ]] || die "the new pulumi reports version '$got', expected v$version"
got=$("$out/pulumi-language-nodejs" -version 2>&1) || die "the new pulumi-language-nodejs does not run: $got"
[[ $got == "v$version" ]] || die "the new pulumi-language-nodejs reports version '$got', expected v$version"

rm -rf "$bin"
mv "$out" "$bin"
note "built the Pulumi CLI v$version in $((SECONDS - start))s ($(du -sh "$bin" | cut -f1) in $bin)"
echo "$bin"
