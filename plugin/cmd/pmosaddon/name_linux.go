package main

import "os"

// nameProcess names the process pmosaddon in ps and top. A host that runs
// the module from a sealed in-memory copy (see host.Launch) execs
// /proc/self/fd/N, which would otherwise name it "N". Writing
// /proc/self/comm renames the main thread, whichever thread writes.
func nameProcess() { _ = os.WriteFile("/proc/self/comm", []byte("pmosaddon"), 0) }
