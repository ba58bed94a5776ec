// Command osaddon-demo launches the pmosaddon module the way a billing core
// does, through go-plugin with its checksum checked, and prints what the
// module answers to initialize. It prints only what the module really said.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/hashicorp/go-hclog"

	"osaddon/host"
)

func main() {
	modulePath := flag.String("module", "bin/pmosaddon", "the module binary")
	mode := flag.String("mode", "go-plugin", "launch mode: go-plugin or stdio")
	flag.Parse()
	if err := run(*modulePath, *mode); err != nil {
		fmt.Fprintln(os.Stderr, "osaddon-demo:", err)
		os.Exit(1)
	}
}

func run(modulePath, mode string) error {
	sum, err := host.FileSHA256(modulePath)
	if err != nil {
		return err
	}
	opts := host.Options{
		Path: modulePath, SHA256: sum, Name: "osaddon-demo", Version: "1",
		Logger: hclog.New(&hclog.LoggerOptions{Name: "host", Output: os.Stderr, Level: hclog.Warn}),
	}
	switch mode {
	case "go-plugin":
		opts.Mode = host.ModeGoPlugin
	case "stdio":
		opts.Mode = host.ModeStdio
	default:
		return fmt.Errorf("unknown mode %q: use go-plugin or stdio", mode)
	}
	c, err := host.Launch(context.Background(), opts)
	if err != nil {
		return err
	}
	defer c.Close()
	fmt.Printf("Launched %s (sha256 %s…) in %s mode, pid %d.\n", modulePath, sum[:12], mode, c.Pid())
	fmt.Println("Its answer to initialize:")
	out, err := json.MarshalIndent(c.Info(), "", "  ")
	if err != nil {
		return err
	}
	fmt.Println(string(out))
	return nil
}
