package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

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
	args := pluginArgs(req, opts, runPath, dir, analyzer)
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
		stackEnv, err := policyPackEnv(cfg)
		if err != nil {
			return err
		}
		env = append(env, stackEnv...)
	}

	cmd := exec.CommandContext(ctx, nodeBin, args...)
	if analyzer {
		cmd.Dir = dir
	} else {
		cmd.Dir = req.GetPwd()
	}
	cmd.Env = env
	if err := runPluginProcess(ctx, cmd, proxy, stdout, stderr, dir); err != nil {
		return err
	}
	return closer.Close()
}

// pluginArgs is node's command line for a plugin: the runtime's nodeargs and the entry point's
// path, then for run-policy-pack the engine's arguments (the engine address first) and the policy
// pack folder last, for run-plugin the folder first and the engine's arguments after it.
func pluginArgs(req *pulumirpc.RunPluginRequest, opts runtimeOptions, runPath, dir string, analyzer bool) []string {
	args := append([]string{}, opts.nodeargs...)
	args = append(args, runPath)
	if analyzer {
		args = append(args, req.GetArgs()...)
		return append(args, dir)
	}
	args = append(args, dir)
	return append(args, req.GetArgs()...)
}

// policyPackEnv is the stack a policy pack runs for, in the variables @pulumi/pulumi reads
// (PULUMI_NODEJS_ORGANIZATION, _PROJECT, _STACK, _DRY_RUN, PULUMI_CONFIG); empty values are left
// out, and a nil request gives none.
func policyPackEnv(cfg *pulumirpc.AnalyzerStackConfigureRequest) ([]string, error) {
	if cfg == nil {
		return nil, nil
	}
	var env []string
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
			return nil, fmt.Errorf("could not serialise the policy pack configuration: %w", err)
		}
		set("PULUMI_CONFIG", string(b))
	}
	return env, nil
}

// runPluginProcess starts the plugin with its output on the engine's streams and waits for it; a
// policy pack's connection is handed over through the proxy, which also waits for it.
func runPluginProcess(
	ctx context.Context, cmd *exec.Cmd, proxy *sdk.PolicyProxy, stdout, stderr io.Writer, dir string,
) error {
	cmd.Stdout, cmd.Stderr = stdout, stderr
	logging.V(5).Infof("dp100 language host: running plugin %s %s", cmd.Path, strings.Join(cmd.Args[1:], " "))
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not start node for plugin in %s: %w", dir, err)
	}
	var err error
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
	return nil
}
