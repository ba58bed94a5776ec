// Package vmfake runs fake VMmanager 5 and 6 panels as real HTTP servers on
// 127.0.0.1. They answer in the shapes the public integrations show, the
// same ones recorded under plugin/vmmanager/v5/testdata and v6/testdata:
// VMmanager 5 says running and down and marks installs with <installos/>
// and osinstalled=off; VMmanager 6 answers operations with a task's
// consul id, distinct from its id, filters with where=, and can ignore
// limit and offset (SetIgnorePaging). Tasks can be slow (SetTaskPolls) or
// end in fail (FailTasks), and an answer can be lost after the work is
// done (DropAnswerOn).
//
// A fake keeps VMs, templates, sessions and tasks, lets a test act inside
// the panel (Reinstall, AddVM, SetInstalling, SetState) and fails the way
// real panels do on demand: down, slow, 5xx, 503 N times, malformed or
// truncated answers, and sessions that expire in the middle of a run.
//
// Everything random is seeded, and every method is safe for concurrent use.
package vmfake
