// Command pmosaddon is the osaddon processing module. A billing core starts
// it and talks JSON-RPC 2.0 on its stdin and stdout; see docs/PROTOCOL.md.
//
// Exit codes: 0 when its input ended cleanly or it was told to stop, 1 on
// an internal failure, 2 on bad usage or a bad config, 3 when its input was
// not Content-Length framed messages or ended inside one. Each is logged
// with its reason on stderr.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/hashicorp/go-hclog"

	"osaddon/plugin/config"
	"osaddon/plugin/module"
	"osaddon/plugin/serve"
	"osaddon/rpc"
)

// Exit codes, documented in docs/PROTOCOL.md.
const (
	exitClean        = 0
	exitFailure      = 1
	exitUsage        = 2
	exitBrokenStream = 3
)

func main() { os.Exit(run()) }

func run() int {
	nameProcess()
	flags := flag.NewFlagSet(module.Name, flag.ContinueOnError)
	flags.SetOutput(serve.RealStderr)
	flags.Usage = func() {
		fmt.Fprintf(flags.Output(), "usage: %s [--config FILE] [--version]\n\n"+
			"The osaddon processing module: JSON-RPC 2.0 on stdin and stdout, logs on stderr.\n"+
			"A billing core starts it; see docs/PROTOCOL.md.\n\n", module.Name)
		flags.PrintDefaults()
	}
	configPath := flags.String("config", "", "YAML config `file`: VMmanager connections, policies and limits")
	version := flags.Bool("version", false, "print the version and exit")
	if err := flags.Parse(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitUsage
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(flags.Output(), "%s: unexpected argument %q\n", module.Name, flags.Arg(0))
		flags.Usage()
		return exitUsage
	}
	if *version {
		fmt.Println(module.Name, module.Version)
		return exitClean
	}
	log := hclog.New(&hclog.LoggerOptions{Name: module.Name, Output: serve.RealStderr, JSONFormat: true, Level: hclog.Info})
	opts := serve.Options{Logger: log}
	var cfg *config.Config
	if *configPath != "" {
		var warnings []string
		var err error
		if cfg, warnings, err = config.Load(*configPath); err != nil {
			log.Error("cannot load config", "error", err, "exit_code", exitUsage)
			return exitUsage
		}
		for _, w := range warnings {
			log.Warn(w)
		}
		if cfg.Log.Level != "" {
			log.SetLevel(hclog.LevelFromString(cfg.Log.Level))
		}
		opts.MaxMessageBytes, opts.MaxConcurrent = cfg.Limits.MaxMessageBytes, cfg.Limits.MaxConcurrent
		opts.CallbackTimeout = cfg.Limits.CallbackTimeout
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	err := serve.Stdio(ctx, func(host rpc.Host) rpc.Module { return module.New(cfg, host, log) }, opts)
	switch {
	case err == nil:
		log.Debug("stopped", "exit_code", exitClean)
		return exitClean
	case errors.Is(err, serve.ErrBrokenStream):
		log.Error("stopped: broken input stream", "error", err, "exit_code", exitBrokenStream)
		return exitBrokenStream
	default:
		log.Error("stopped", "error", err, "exit_code", exitFailure)
		return exitFailure
	}
}
