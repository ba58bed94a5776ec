package vmfake

import (
	"net/http"
	"strconv"
)

// task is a VMmanager 6 task. Its own id differs from its consul id, which
// is what operations answer as "task".
type task struct {
	id, consulID, name string
	pollsLeft          int
	fail               bool
	output             string
	// done runs once when the task completes; it is nil for tasks whose
	// effect is immediate.
	done func()
}

// consulBase keeps consul ids apart from task ids, as on a real panel.
const consulBase = 70000

// SetTaskPolls sets how many polls a new task answers "running" before it
// ends.
func (f *Fake) SetTaskPolls(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.taskPolls = n
}

// FailTasks makes the next n tasks end in "fail" with output, leaving the
// VM as it was.
func (f *Fake) FailTasks(n int, output string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failTasks, f.taskOut = n, output
}

// newTask registers a task named name and returns its consul id.
func (f *Fake) newTask(name string, done func()) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(f.tasks) + 1
	t := &task{id: strconv.Itoa(n), consulID: strconv.Itoa(consulBase + 7*n), name: name, pollsLeft: f.taskPolls, done: done}
	if f.failTasks > 0 {
		f.failTasks--
		t.fail, t.output, t.done = true, f.taskOut, nil
	}
	f.tasks = append(f.tasks, t)
	return consulBase + 7*n
}

// v6Task answers GET /vm/v3/task, filtered by where= on id, consul_id,
// name and status. Each poll of a listed task brings it one step closer to
// its end.
func (f *Fake) v6Task(w http.ResponseWriter, r *http.Request) {
	where, err := parseWhere(r.URL.Query().Get("where"))
	if err != nil {
		v6Error(w, http.StatusBadRequest, 1001, "bad where: "+err.Error(), r.URL.Query().Get("where"))
		return
	}
	var done []func()
	list := []map[string]any{}
	f.mu.Lock()
	for _, t := range f.tasks {
		status := "running"
		switch {
		case t.pollsLeft > 0:
		case t.fail:
			status = "fail"
		default:
			status = "complete"
		}
		if !where.match(map[string]string{"id": t.id, "consul_id": t.consulID, "name": t.name, "status": status}) {
			continue
		}
		if t.pollsLeft > 0 {
			t.pollsLeft--
		} else if t.done != nil {
			done, t.done = append(done, t.done), nil
		}
		item := map[string]any{"id": jsonID(t.id), "consul_id": jsonID(t.consulID), "name": t.name, "status": status}
		if t.fail {
			item["output"] = t.output
		}
		list = append(list, item)
	}
	f.mu.Unlock()
	for _, fn := range done {
		fn()
	}
	v6JSON(w, http.StatusOK, map[string]any{"list": list, "size": len(list)})
}

// takeTaskFailure consumes one pending FailTasks failure, for VMmanager 5,
// whose operations answer at once.
func (f *Fake) takeTaskFailure() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failTasks == 0 {
		return false
	}
	f.failTasks--
	return true
}

func (f *Fake) taskOutput() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.taskOut
}
