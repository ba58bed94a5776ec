package main

import "strings"

// usage is the harness's help: the commands, their flags, examples and
// the exit codes.
func usage() string {
	return `harness runs scenarios against the real pmosaddon module: an emulated
billing core (SQLite ledger), a fake VMmanager on 127.0.0.1 and the sync
cron on a virtual clock.

Usage:
  harness run [flags] FILE.yaml   run a scenario file
  harness demo [flags]            run the flagship scenario (built in)
  harness help                    this text; "harness run -h" for one command

Flags of run and demo:
` + flagDefaults() + examples
}

// commandUsage is the help of run or demo.
func commandUsage(cmd string) string {
	line := "harness run [flags] FILE.yaml   run a scenario file"
	if cmd == "demo" {
		line = "harness demo [flags]            run the flagship scenario (built in)"
	}
	return "Usage:\n  " + line + "\n\nFlags:\n" + flagDefaults() + examples
}

const examples = `
Examples:
  harness demo
  harness run examples/scenarios/node-down.yaml
  harness run --json --mode stdio --db ledger.db examples/scenarios/flagship.yaml

Exit codes:
  0  the run finished and every expectation held
  1  an expectation failed, or the run could not finish (FAIL says why)
  2  bad input: usage, flags, or a scenario that does not parse
`

// flagDefaults lists the flags with their defaults.
func flagDefaults() string {
	var b strings.Builder
	var f flags
	fs := newFlagSet("harness", &f)
	fs.SetOutput(&b)
	fs.PrintDefaults()
	return b.String()
}
