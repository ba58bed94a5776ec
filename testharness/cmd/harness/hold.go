package main

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/hashicorp/go-hclog"

	"osaddon/testharness/lab"
)

// holdPoints are the checkpoints --hold-at accepts, in run order.
var holdPoints = []string{lab.PointLaunched, lab.PointServices, lab.PointVMs, lab.PointPlan, lab.PointSynced}

// checkpoints returns the run's checkpoint callback: each checkpoint is
// logged at debug level and, if spec (POINT or POINT:N) names it, the run
// holds at the first checkpoint of that point with a count of at least N.
// It then writes "harness: hold point=P count=C module_pid=PID" on stderr
// and waits for a line (or the end) on stdin before it goes on. A crash
// test kills a process while the run holds: its kill point follows the
// run's progress, not the clock.
func checkpoints(spec string, log hclog.Logger, stdin io.Reader, stderr io.Writer) (func(lab.Checkpoint), error) {
	point, atLeast, err := parseHold(spec)
	if err != nil {
		return nil, err
	}
	var held atomic.Bool
	return func(c lab.Checkpoint) {
		log.Debug("checkpoint", "point", c.Point, "count", c.Count, "module_pid", c.ModulePid)
		if c.Point != point || c.Count < atLeast || !held.CompareAndSwap(false, true) {
			return
		}
		fmt.Fprintf(stderr, "harness: hold point=%s count=%d module_pid=%d\n", c.Point, c.Count, c.ModulePid)
		bufio.NewReader(stdin).ReadString('\n')
	}, nil
}

// parseHold reads POINT or POINT:N; an empty spec holds nowhere.
func parseHold(spec string) (point string, atLeast int, err error) {
	if spec == "" {
		return "", 0, nil
	}
	point, count, hasCount := strings.Cut(spec, ":")
	if !slices.Contains(holdPoints, point) {
		return "", 0, fmt.Errorf("unknown checkpoint %q: use one of %s", point, strings.Join(holdPoints, ", "))
	}
	if hasCount {
		if atLeast, err = strconv.Atoi(count); err != nil || atLeast < 0 {
			return "", 0, fmt.Errorf("%q: the count after the colon must be a whole number", spec)
		}
	}
	return point, atLeast, nil
}
