package main

import (
	"reflect"
	"testing"

	"google.golang.org/protobuf/types/known/structpb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

func programInfo(t *testing.T, options map[string]any) *pulumirpc.ProgramInfo {
	t.Helper()
	s, err := structpb.NewStruct(options)
	if err != nil {
		t.Fatal(err)
	}
	return &pulumirpc.ProgramInfo{ProgramDirectory: "/p", EntryPoint: "bin", Options: s}
}

func TestParseRuntimeOptions(t *testing.T) {
	opts, err := parseRuntimeOptions(nil)
	if err != nil || !opts.typescript {
		t.Fatalf("no options: got %+v, %v; want typescript on", opts, err)
	}
	opts, err = parseRuntimeOptions(programInfo(t, map[string]any{
		"typescript": false, "nodeargs": "--max-old-space-size=4096  --enable-source-maps", "packagemanager": "npm",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := runtimeOptions{nodeargs: []string{"--max-old-space-size=4096", "--enable-source-maps"}}
	if !reflect.DeepEqual(opts, want) {
		t.Fatalf("got %+v, want %+v", opts, want)
	}
	if opts.env() != nil {
		t.Fatalf("typescript off and no tsconfig: env %v, want none", opts.env())
	}
	for _, bad := range []map[string]any{{"typescript": "yes"}, {"tsconfig": 1}, {"binary": "x"}} {
		if _, err := parseRuntimeOptions(programInfo(t, bad)); err == nil {
			t.Errorf("%v: accepted, want an error", bad)
		}
	}
}

func TestProgramArgs(t *testing.T) {
	h := newHost("127.0.0.1:1", "")
	req := &pulumirpc.RunRequest{
		Info: programInfo(t, nil), MonitorAddress: "127.0.0.1:2", Project: "dp100-labs", Stack: "dev",
		DryRun: true, Parallel: 4, Args: []string{"extra"},
	}
	got := h.programArgs(req, runtimeOptions{nodeargs: []string{"--inspect"}}, "/run.js", "/p")
	want := []string{
		"--inspect", "/run.js", "--monitor", "127.0.0.1:2", "--engine", "127.0.0.1:1", "--project", "dp100-labs",
		"--stack", "dev", "--pwd", "/p", "--dry-run", "--parallel", "4", "bin", "extra",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestPluginArgs(t *testing.T) {
	req := &pulumirpc.RunPluginRequest{Args: []string{"127.0.0.1:3"}}
	if got, want := pluginArgs(req, runtimeOptions{}, "/policy.js", "/pack", true),
		[]string{"/policy.js", "127.0.0.1:3", "/pack"}; !reflect.DeepEqual(got, want) {
		t.Errorf("policy pack: got %q, want %q", got, want)
	}
	if got, want := pluginArgs(req, runtimeOptions{}, "/plugin.js", "/plugin", false),
		[]string{"/plugin.js", "/plugin", "127.0.0.1:3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("plugin: got %q, want %q", got, want)
	}
}

func TestPolicyPackEnv(t *testing.T) {
	env, err := policyPackEnv(&pulumirpc.AnalyzerStackConfigureRequest{
		Project: "dp100-labs", Stack: "dev", Config: map[string]string{"dp100-labs:region": "eastus"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"PULUMI_NODEJS_PROJECT=dp100-labs", "PULUMI_NODEJS_STACK=dev", "PULUMI_NODEJS_DRY_RUN=false",
		`PULUMI_CONFIG={"dp100-labs:region":"eastus"}`,
	}
	if !reflect.DeepEqual(env, want) {
		t.Fatalf("got %q, want %q", env, want)
	}
}

func TestPluginDependency(t *testing.T) {
	dep, err := pluginDependency(&packageJSON{
		Name: "@pulumi/azure-native", Version: "3.28.0", Pulumi: &plugin.PulumiPluginJSON{Resource: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	if dep.Name != "azure-native" || dep.Version != "v3.28.0" || dep.Kind != "resource" {
		t.Fatalf("got %+v", dep)
	}
	if _, err := pluginDependency(&packageJSON{Name: "other", Pulumi: &plugin.PulumiPluginJSON{Resource: true}}); err == nil {
		t.Fatal("a plugin package outside @pulumi/ without pulumi.name was accepted")
	}
}
