// Command pmosaddon is the osaddon processing module. A billing core starts
// it and talks JSON-RPC 2.0 on its stdin and stdout; see docs/PROTOCOL.md.
package main

import (
	"context"
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

func main() {
	nameProcess()
	configPath := flag.String("config", "", "YAML config file: VMmanager connections and policies")
	version := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *version {
		fmt.Fprintln(serve.RealStderr, module.Name, module.Version)
		return
	}
	log := hclog.New(&hclog.LoggerOptions{Name: module.Name, Output: serve.RealStderr, JSONFormat: true, Level: hclog.Info})
	var cfg *config.Config
	if *configPath != "" {
		var warnings []string
		var err error
		if cfg, warnings, err = config.Load(*configPath); err != nil {
			log.Error("cannot load config", "error", err)
			os.Exit(2)
		}
		for _, w := range warnings {
			log.Warn(w)
		}
		if cfg.Log.Level != "" {
			log.SetLevel(hclog.LevelFromString(cfg.Log.Level))
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	opts := serve.Options{Logger: log}
	if cfg != nil {
		opts.MaxMessageBytes, opts.MaxConcurrent = cfg.Limits.MaxMessageBytes, cfg.Limits.MaxConcurrent
	}
	err := serve.Stdio(ctx, func(host rpc.Host) rpc.Module { return module.New(cfg, host, log) }, opts)
	if err != nil {
		log.Error("stopped", "error", err)
		os.Exit(1)
	}
}
