package vmfake

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"osaddon/plugin/vmmanager"
)

// NewV6 starts a fake VMmanager 6. Requests need the token from
// POST /auth/v4/public/token in the x-xsrf-token header or the ses6 cookie;
// a dropped token is answered 401.
func NewV6(tb testing.TB) *Fake {
	tb.Helper()
	f := newFake(vmmanager.KindV6, v6Handler)
	tb.Cleanup(f.Close)
	return f
}

func v6Handler(f *Fake) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /auth/v4/public/token", f.v6Login)
	mux.HandleFunc("GET /vm/v3/host", f.v6Auth(f.v6List))
	mux.HandleFunc("POST /vm/v3/host", f.v6Auth(f.v6Create))
	mux.HandleFunc("POST /vm/v3/host/{id}/reinstall", f.v6Auth(f.v6Reinstall))
	mux.HandleFunc("POST /vm/v3/host/{id}/start", f.v6Auth(f.v6Power(StateRunning)))
	mux.HandleFunc("POST /vm/v3/host/{id}/stop", f.v6Auth(f.v6Power(StateStopped)))
	mux.HandleFunc("DELETE /vm/v3/host/{id}", f.v6Auth(f.v6Delete))
	mux.HandleFunc("GET /vm/v3/os", f.v6Auth(f.v6OS))
	mux.HandleFunc("GET /vm/v3/task", f.v6Auth(f.v6Task))
	return mux
}

// SetTaskPolls sets how many polls a new task answers "running" before
// "complete".
func (f *Fake) SetTaskPolls(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.taskPolls = n
}

// v6Error writes VMmanager 6's {code, msg, value} error with status.
func v6Error(w http.ResponseWriter, status, code int, msg string, value any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"code": code, "msg": msg, "value": value})
}

func v6JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (f *Fake) v6Login(w http.ResponseWriter, r *http.Request) {
	var in struct{ Email, Password string }
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		v6Error(w, http.StatusBadRequest, 1000, "bad json", nil)
		return
	}
	key := f.login(in.Email, in.Password)
	if key == "" {
		v6Error(w, http.StatusUnauthorized, 3004, "Invalid login or password", nil)
		return
	}
	v6JSON(w, http.StatusCreated, map[string]any{"id": f.Logins(), "token": key})
}

// v6Auth lets a request through only with a live token.
func (f *Fake) v6Auth(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token := r.Header.Get("x-xsrf-token")
		if c, err := r.Cookie("ses6"); err == nil && token == "" {
			token = c.Value
		}
		if !f.validSession(token) {
			v6Error(w, http.StatusUnauthorized, 3001, "Unauthorized", nil)
			return
		}
		next(w, r)
	}
}

// v6State is the panel's name for a state.
func v6State(s string) string {
	switch s {
	case StateRunning:
		return "active"
	case StateInstalling:
		return "os_install"
	}
	return s
}

// v6List writes the hosts one by one, paged by limit and offset.
func (f *Fake) v6List(w http.ResponseWriter, r *http.Request) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	vms, templates := f.snapshot(offset, limit)
	names := make(map[string]Template, len(templates))
	for _, t := range templates {
		names[t.ID] = t
	}
	w.Header().Set("Content-Type", "application/json")
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	_, _ = bw.WriteString(`{"list":[`)
	for i, vm := range vms {
		if i > 0 {
			_ = bw.WriteByte(',')
		}
		var osID any
		if id, err := strconv.Atoi(vm.templateID); err == nil {
			osID = id
		}
		host := map[string]any{
			"id": jsonID(vm.ID), "name": vm.Name, "state": v6State(vm.State),
			"ip4": []map[string]string{}, "os": map[string]any{"id": osID}, "os_name": names[vm.templateID].Name,
			"cpu_number": vm.CPUs, "ram_mib": vm.RAMMiB, "disk": map[string]int{"disk_mib": vm.DiskMiB},
		}
		if vm.IP != "" {
			host["ip4"] = []map[string]string{{"ip": vm.IP}}
		}
		if enc.Encode(host) != nil {
			return
		}
	}
	_, _ = bw.WriteString(`],"size":` + strconv.Itoa(len(vms)) + "}\n")
	_ = bw.Flush()
}

// jsonID sends numeric ids as numbers, as the panel does.
func jsonID(id string) any {
	if n, err := strconv.Atoi(id); err == nil {
		return n
	}
	return id
}

func (f *Fake) v6OS(w http.ResponseWriter, _ *http.Request) {
	_, templates := f.snapshot(0, 0)
	list := make([]map[string]any, len(templates))
	for i, t := range templates {
		list[i] = map[string]any{"id": jsonID(t.ID), "name": t.Name, "repository": t.Repository, "state": t.State}
	}
	v6JSON(w, http.StatusOK, map[string]any{"list": list})
}

func (f *Fake) v6Create(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name      string `json:"name"`
		OS        int    `json:"os"`
		CPUNumber int    `json:"cpu_number"`
		RAMMiB    int    `json:"ram_mib"`
		HDDMiB    int    `json:"hdd_mib"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		v6Error(w, http.StatusBadRequest, 1000, "bad json", nil)
		return
	}
	f.mu.Lock()
	t, ok := f.templateByID(strconv.Itoa(in.OS))
	var id string
	var err error
	if ok {
		id, err = f.addVM(VM{Name: in.Name, Template: f.TemplateName(t), State: StateInstalling,
			CPUs: in.CPUNumber, RAMMiB: in.RAMMiB, DiskMiB: in.HDDMiB})
	}
	f.mu.Unlock()
	if !ok || err != nil {
		v6Error(w, http.StatusBadRequest, 4001, "Unknown os", in.OS)
		return
	}
	v6JSON(w, http.StatusOK, map[string]any{"id": jsonID(id), "task": f.newTask()})
}

func (f *Fake) v6Reinstall(w http.ResponseWriter, r *http.Request) {
	var in struct {
		OS int `json:"os"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		v6Error(w, http.StatusBadRequest, 1000, "bad json", nil)
		return
	}
	id := r.PathValue("id")
	f.mu.Lock()
	vm, okVM := f.vms[id]
	_, okOS := f.templateByID(strconv.Itoa(in.OS))
	if okVM && okOS {
		vm.templateID, vm.State = strconv.Itoa(in.OS), StateInstalling
	}
	f.mu.Unlock()
	switch {
	case !okVM:
		v6Error(w, http.StatusNotFound, 4004, "Host not found", id)
	case !okOS:
		v6Error(w, http.StatusBadRequest, 4001, "Unknown os", in.OS)
	default:
		v6JSON(w, http.StatusOK, map[string]any{"id": jsonID(id), "task": f.newTask()})
	}
}

func (f *Fake) v6Power(state string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		if f.setState(id, state) != nil {
			v6Error(w, http.StatusNotFound, 4004, "Host not found", id)
			return
		}
		v6JSON(w, http.StatusOK, map[string]any{"id": jsonID(id), "task": f.newTask()})
	}
}

func (f *Fake) v6Delete(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	f.mu.Lock()
	ok := f.deleteVM(id)
	f.mu.Unlock()
	if !ok {
		v6Error(w, http.StatusNotFound, 4004, "Host not found", id)
		return
	}
	v6JSON(w, http.StatusOK, map[string]any{"task": f.newTask()})
}

// newTask registers a task that completes after the configured polls.
func (f *Fake) newTask() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := len(f.tasks) + 1
	f.tasks[strconv.Itoa(id)] = f.taskPolls
	return id
}

// v6Task answers ?where=id EQ N with that task's status.
func (f *Fake) v6Task(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimSpace(strings.TrimPrefix(r.URL.Query().Get("where"), "id EQ "))
	f.mu.Lock()
	left, ok := f.tasks[id]
	status := "complete"
	if left > 0 {
		status = "running"
		f.tasks[id] = left - 1
	}
	f.mu.Unlock()
	list := []map[string]any{}
	if ok {
		list = append(list, map[string]any{"id": jsonID(id), "status": status})
	}
	v6JSON(w, http.StatusOK, map[string]any{"list": list})
}
