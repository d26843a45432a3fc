package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// exitAfterUserMessage is the exit code @pulumi/pulumi's cmd/run uses after it has already printed
// an actionable message; the engine is then told to stop without adding its own.
const exitAfterUserMessage = 32

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
	args := h.programArgs(req, opts, runPath, dir)
	env, err := programEnv(req, opts)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	return h.runProgram(ctx, nodeBin, args, env), nil
}

// programArgs is node's command line for cmd/run: the runtime's nodeargs, cmd/run's path, its
// flags (each left out when empty), the entry point ("." by default) and the program's own
// arguments.
func (h *nodeHost) programArgs(req *pulumirpc.RunRequest, opts runtimeOptions, runPath, dir string) []string {
	info := req.GetInfo()
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
	return append(args, req.GetArgs()...)
}

// programEnv is this process's environment plus the stack configuration and its secret keys as
// JSON (PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS) and the runtime options' variables.
func programEnv(req *pulumirpc.RunRequest, opts runtimeOptions) ([]string, error) {
	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return nil, fmt.Errorf("could not serialise the stack configuration: %w", err)
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, fmt.Errorf("could not serialise the secret keys: %w", err)
	}
	env := append(os.Environ(), "PULUMI_CONFIG="+string(configJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON))
	return append(env, opts.env()...), nil
}

// runProgram runs node until it exits, the request is cancelled or the engine calls Cancel (node
// then gets an interrupt and 5 s to stop), and turns its exit into the engine's answer.
func (h *nodeHost) runProgram(ctx context.Context, nodeBin string, args, env []string) *pulumirpc.RunResponse {
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
				return &pulumirpc.RunResponse{Bail: true}
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
			}
		}
		return &pulumirpc.RunResponse{Error: "could not run node: " + err.Error()}
	}
	return &pulumirpc.RunResponse{}
}
