// Command pulumi-language-nodejs is dp100-labs' small Node.js language host for the Pulumi CLI
// used by the integration tests. scripts/pulumi-cli.sh builds it from this folder (copying the
// .go files into its throw-away build module next to pkg/v3 at the CLI's version); do not edit
// the copy in the cache.
//
// Pulumi's own language host lives in the Go module
// github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3, which the Go module proxy
// this project can reach does not serve. This host speaks the same LanguageRuntime gRPC protocol
// (github.com/pulumi/pulumi/sdk/v3/proto/go at the CLI's version) and starts programs and policy
// packs with the entry points shipped in the project's own @pulumi/pulumi npm package (cmd/run,
// cmd/run-plugin, cmd/run-policy-pack). It covers what `pulumi preview/up/destroy`,
// `--policy-pack` and the Automation API need; it does not install dependencies, generate code,
// pack SDKs or support synchronous invokes.
//
// Files: main.go (flags and the gRPC server), host.go (the LanguageRuntime methods that only
// answer), options.go (runtime options and module resolution), packages.go (plugins and
// dependencies from node_modules), run.go (programs), plugin.go (policy packs and other plugins).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"google.golang.org/grpc"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

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
