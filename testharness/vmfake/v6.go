package vmfake

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strconv"
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
	mux.HandleFunc("POST /vm/v3/host/{id}/start", f.v6Auth(f.v6Power("host_start", StateRunning)))
	mux.HandleFunc("POST /vm/v3/host/{id}/stop", f.v6Auth(f.v6Power("host_stop", StateStopped)))
	mux.HandleFunc("DELETE /vm/v3/host/{id}", f.v6Auth(f.v6Delete))
	mux.HandleFunc("GET /vm/v3/os", f.v6Auth(f.v6OS))
	mux.HandleFunc("GET /vm/v3/task", f.v6Auth(f.v6Task))
	return mux
}

// SetIgnorePaging makes the host list ignore limit and offset and answer
// the whole list every time, as public clients expect (they never page).
func (f *Fake) SetIgnorePaging(ignore bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ignorePaging = ignore
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
	v6JSON(w, http.StatusCreated, map[string]any{"id": f.Logins(), "token": key, "expires_at": "2099-01-01 00:00:00"})
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

// v6State is the panel's word for a state; others pass verbatim.
func v6State(s string) string {
	switch s {
	case StateRunning:
		return "active"
	case StateInstalling:
		return "creating"
	}
	return s
}

// v6List writes the hosts one by one, paged by limit and offset unless the
// fake ignores paging, and filtered by where= on id and name.
func (f *Fake) v6List(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	offset, _ := strconv.Atoi(q.Get("offset"))
	f.mu.Lock()
	ignore := f.ignorePaging
	f.mu.Unlock()
	if ignore {
		limit, offset = 0, 0
	}
	where, err := parseWhere(q.Get("where"))
	if err != nil {
		v6Error(w, http.StatusBadRequest, 1001, "bad where: "+err.Error(), q.Get("where"))
		return
	}
	vms, templates, total := f.snapshot(offset, limit)
	if len(where) > 0 {
		kept := vms[:0]
		for _, vm := range vms {
			if where.match(map[string]string{"id": vm.ID, "name": vm.Name}) {
				kept = append(kept, vm)
			}
		}
		vms, total = kept, len(kept)
	}
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
		if enc.Encode(v6Host(vm, names)) != nil {
			return
		}
	}
	_, _ = bw.WriteString(`],"size":` + strconv.Itoa(total) + "}\n")
	_ = bw.Flush()
}

// v6Host is one item of the host list, in the fields public clients read.
func v6Host(vm vmRec, names map[string]Template) map[string]any {
	var osID any
	if id, err := strconv.Atoi(vm.templateID); err == nil {
		osID = id
	}
	host := map[string]any{
		"id": jsonID(vm.ID), "name": vm.Name, "state": v6State(vm.State),
		"ip4": []map[string]string{}, "ip6": []map[string]string{},
		"os":         map[string]any{"id": osID, "name": names[vm.templateID].Name},
		"cpu_number": vm.CPUs, "ram_mib": vm.RAMMiB, "disk": map[string]int{"disk_mib": vm.DiskMiB},
		"node": map[string]any{"id": 1, "name": "node1"}, "cluster": map[string]any{"id": 1, "name": "cluster1"},
		"account": map[string]any{"id": 3, "email": "client@example.com"},
	}
	if vm.IP != "" {
		host["ip4"] = []map[string]string{{"ip": vm.IP}}
	}
	return host
}

// jsonID sends numeric ids as numbers, as the panel does.
func jsonID(id string) any {
	if n, err := strconv.Atoi(id); err == nil {
		return n
	}
	return id
}

func (f *Fake) v6OS(w http.ResponseWriter, _ *http.Request) {
	_, templates, _ := f.snapshot(0, 0)
	list := make([]map[string]any, len(templates))
	for i, t := range templates {
		list[i] = map[string]any{"id": jsonID(t.ID), "name": t.Name, "repository": t.Repository, "state": t.State}
	}
	v6JSON(w, http.StatusOK, map[string]any{"list": list, "size": len(list)})
}

func (f *Fake) v6Create(w http.ResponseWriter, r *http.Request) {
	var raw map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&raw); err != nil {
		v6Error(w, http.StatusBadRequest, 1000, "bad json", nil)
		return
	}
	req := CreateRequest{}
	for k, v := range raw {
		var s string
		if json.Unmarshal(v, &s) != nil {
			s = string(v)
		}
		req[k] = s
	}
	num := func(k string) int { n, _ := strconv.Atoi(req[k]); return n }
	f.mu.Lock()
	f.creates = append(f.creates, req)
	t, ok := f.templateByID(req["os"])
	var id string
	var err error
	if ok {
		id, err = f.addVM(VM{Name: req["name"], Template: f.TemplateName(t), State: StateInstalling,
			CPUs: num("cpu_number"), RAMMiB: num("ram_mib"), DiskMiB: num("hdd_mib")})
	}
	f.mu.Unlock()
	if !ok || err != nil {
		v6Error(w, http.StatusBadRequest, 4001, "Unknown os", req["os"])
		return
	}
	v6JSON(w, http.StatusOK, map[string]any{"id": jsonID(id), "task": f.newTask("host_create", nil)})
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
		v6JSON(w, http.StatusOK, map[string]any{"id": jsonID(id), "task": f.newTask("host_reinstall", nil)})
	}
}

// v6Power answers start or stop with a task; the state changes when the
// task completes, and not at all when it fails.
func (f *Fake) v6Power(name, state string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		if _, ok := f.VM(id); !ok {
			v6Error(w, http.StatusNotFound, 4004, "Host not found", id)
			return
		}
		consul := f.newTask(name, func() { _ = f.setState(id, state) })
		v6JSON(w, http.StatusOK, map[string]any{"id": jsonID(id), "task": consul})
	}
}

func (f *Fake) v6Delete(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, ok := f.VM(id); !ok {
		v6Error(w, http.StatusNotFound, 4004, "Host not found", id)
		return
	}
	consul := f.newTask("host_delete", func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.deleteVM(id)
	})
	v6JSON(w, http.StatusOK, map[string]any{"id": jsonID(id), "task": consul})
}
