// Command benchtable measures osaddon against baselines taken in the same
// run and prints one table: sync at scale against decoding its input once,
// round trips against a bare jsonrpc2 echo and against one json.Marshal
// plus one json.Unmarshal, and launch to first reply. Every ratio compares
// two figures measured here, interleaved where they can be, because the
// machine is shared: absolute times drift with its load, ratios much less.
//
// It runs on loopback only and is bounded: `make bench` runs it with the
// module binary it just built.
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// roleEnv makes this binary play the bare jsonrpc2 echo server.
const roleEnv = "OSADDON_BENCH_ROLE"

func main() {
	if os.Getenv(roleEnv) == "echo" {
		echoServer()
		return
	}
	module := flag.String("module", "bin/pmosaddon", "the pmosaddon binary to measure")
	sizes := flag.String("vms", "100000,1000000", "comma-separated VM counts of the sync rows; the first is the reference")
	calls := flag.Int("calls", 2000, "round trips per row (the 100 KB rows make a tenth of them)")
	launches := flag.Int("launches", 30, "launches per mode")
	skipSync := flag.Bool("skip-sync", false, "leave out the sync rows")
	only := flag.Bool("sync-only", false, "only the sync rows")
	cpuProfile := flag.String("cpuprofile", "", "serve the module in this process during each sync and write a CPU profile to `file`.<vms>")
	flag.Parse()
	if _, err := os.Stat(*module); err != nil {
		fatalf("module binary: %v (run make build first)", err)
	}
	var t table
	start := time.Now()
	if !*skipSync {
		var ref *syncFigures
		for i, s := range strings.Split(*sizes, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n <= 0 {
				fatalf("-vms: bad count %q", s)
			}
			f, err := measureSync(*module, n, *cpuProfile)
			if err != nil {
				fatalf("sync of %d VMs: %v", n, err)
			}
			f.rows(&t, ref)
			if i == 0 {
				ref = f
			}
		}
	}
	if !*only {
		if err := measureRoundTrips(&t, *module, *calls); err != nil {
			fatalf("round trips: %v", err)
		}
		if err := measureLaunch(&t, *module, *launches); err != nil {
			fatalf("launch: %v", err)
		}
	}
	t.print()
	fmt.Printf("\n(%d cores; measured in %s; ratio = value / baseline, both from this run)\n",
		numCPU(), time.Since(start).Round(time.Second))
	if t.missed > 0 {
		fmt.Printf("%d target(s) missed\n", t.missed)
	}
}

// row is one line of the table.
type row struct {
	name, value, baseline, ratio, target, ok string
}

type table struct {
	rows   []row
	missed int
}

// add appends a row; met is nil for a row without a target.
func (t *table) add(name, value, baseline, ratio, target string, met *bool) {
	ok := ""
	if met != nil {
		ok = "yes"
		if !*met {
			ok = "NO"
			t.missed++
		}
	}
	t.rows = append(t.rows, row{name, value, baseline, ratio, target, ok})
}

func (t *table) print() {
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "row\tvalue\tbaseline\tratio\ttarget\tok")
	fmt.Fprintln(w, "---\t-----\t--------\t-----\t------\t--")
	for _, r := range t.rows {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", r.name, r.value, r.baseline, r.ratio, r.target, r.ok)
	}
	w.Flush()
}

func ptr(b bool) *bool { return &b }

func ms(d time.Duration) string { return fmt.Sprintf("%.3f ms", float64(d)/float64(time.Millisecond)) }

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "benchtable: "+format+"\n", args...)
	os.Exit(1)
}
