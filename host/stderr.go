package host

import (
	"bufio"
	"encoding/json"
	"io"
	"sort"

	"github.com/hashicorp/go-hclog"
)

// forwardLogs re-logs the module's stderr, hclog JSON lines, through log at
// each line's level. A line that is not JSON (a panic, say) is logged at
// warn, whole. It returns when r ends.
func forwardLogs(r io.Reader, log hclog.Logger) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var entry map[string]any
		if json.Unmarshal(line, &entry) != nil {
			log.Warn("module stderr", "line", string(line))
			continue
		}
		level := hclog.LevelFromString(str(entry["@level"]))
		if level == hclog.NoLevel {
			level = hclog.Info
		}
		msg := str(entry["@message"])
		keys := make([]string, 0, len(entry))
		for k := range entry {
			if len(k) > 0 && k[0] != '@' {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		args := make([]any, 0, 2*len(keys))
		for _, k := range keys {
			args = append(args, k, entry[k])
		}
		log.Log(level, msg, args...)
	}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
