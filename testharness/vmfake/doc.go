// Package vmfake runs fake VMmanager 5 and 6 panels as real HTTP servers on
// 127.0.0.1. A fake keeps VMs, templates, sessions and tasks, lets a test
// act inside the panel (Reinstall, AddVM, SetInstalling) and fails the way
// real panels do on demand: down, slow, 5xx, 503 N times, malformed or
// truncated answers, and sessions that expire in the middle of a run.
//
// Everything random is seeded, and every method is safe for concurrent use.
package vmfake
