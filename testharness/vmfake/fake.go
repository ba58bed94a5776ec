package vmfake

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"

	"osaddon/plugin/vmmanager"
)

// Credentials every fake accepts.
const (
	Username = "admin@example.com"
	Password = "s3cret-pa55"
)

// States a fake VM can be in. Each panel reports them in its own words:
// VMmanager 5 says running and down, VMmanager 6 active and stopped. Any
// other State is reported verbatim, as a panel reports states nobody
// documented.
const (
	StateRunning    = "running"
	StateStopped    = "stopped"
	StateInstalling = "installing"
)

// Template is a template in a fake panel.
type Template struct {
	ID         string
	Repository string
	Name       string
	State      string
}

// VM is a VM in a fake panel. Template is a template's internal name (or
// its plain Name), or empty.
type VM struct {
	ID, Name, IP, Template, State string
	CPUs, RAMMiB, DiskMiB         int
}

// DefaultTemplates are the templates a new fake offers.
var DefaultTemplates = []Template{
	{ID: "1", Repository: "ISPsystem", Name: "CentOS-7-amd64", State: "active"},
	{ID: "2", Repository: "ISPsystem", Name: "Windows-Server-2019", State: "active"},
	{ID: "3", Repository: "my-repo", Name: "Windows-2019-amd64", State: "active"},
}

// vmRec is a VM with its template resolved to an id.
type vmRec struct {
	VM
	templateID string
}

// Fake is one fake panel, of kind vmmanager5 or vmmanager6.
type Fake struct {
	kind   string
	server *httptest.Server

	mu        sync.Mutex
	vms       map[string]*vmRec
	order     []string
	templates []Template
	nextID    int
	sessions  map[string]bool
	nextKey   int
	tasks     []*task
	taskPolls int
	failTasks int    // how many of the next tasks end in fail
	taskOut   string // the output of a failing task
	// ignorePaging makes GET /vm/v3/host answer its whole list whatever
	// limit and offset say.
	ignorePaging bool
	creates      []CreateRequest
	faults       faults
}

func newFake(kind string, handler func(*Fake) http.Handler) *Fake {
	f := &Fake{
		kind:      kind,
		vms:       map[string]*vmRec{},
		templates: append([]Template(nil), DefaultTemplates...),
		nextID:    100,
		sessions:  map[string]bool{},
		taskPolls: 1,
	}
	f.faults.expireAfter = -1
	f.server = httptest.NewServer(f.withFaults(handler(f)))
	return f
}

// CreateRequest is what a create request sent, by wire field name (v5
// form fields, v6 JSON keys as text), passwords included.
type CreateRequest map[string]string

// Creates returns the create requests received, in order.
func (f *Fake) Creates() []CreateRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]CreateRequest(nil), f.creates...)
}

// CountNamed counts the VMs named name.
func (f *Fake) CountNamed(name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, vm := range f.vms {
		if vm.Name == name {
			n++
		}
	}
	return n
}

// SetState sets a VM's state; any value is reported (v5 and v6 words for
// the three known states, others verbatim).
func (f *Fake) SetState(vmID, state string) error { return f.setState(vmID, state) }

// Start starts a fake of the given kind (vmmanager.KindV5 or KindV6) on
// 127.0.0.1, for programs such as the harness; tests use NewV5 and NewV6,
// which close the fake when the test ends. Close stops it.
func Start(kind string) (*Fake, error) {
	switch kind {
	case vmmanager.KindV5:
		return newFake(kind, v5Handler), nil
	case vmmanager.KindV6:
		return newFake(kind, v6Handler), nil
	}
	return nil, fmt.Errorf("vmfake: unknown kind %q: use %s or %s", kind, vmmanager.KindV5, vmmanager.KindV6)
}

// Close stops the fake's server and closes its connections.
func (f *Fake) Close() { f.server.Close() }

// URL is the fake's base URL.
func (f *Fake) URL() string { return f.server.URL }

// Kind is vmmanager.KindV5 or vmmanager.KindV6.
func (f *Fake) Kind() string { return f.kind }

// Config is a connection to the fake with test-sized timeouts and
// back-off.
func (f *Fake) Config() vmmanager.Config {
	return vmmanager.Config{
		Name:     "fake-" + f.kind + "-" + f.server.Listener.Addr().String(),
		Kind:     f.kind,
		URL:      f.server.URL,
		Username: Username,
		Password: Password,
		Timeout:  2 * time.Second,
		Retries:  3,
		Backoff:  time.Millisecond,
	}
}

// TemplateName is t's internal name as the module sees it on this kind
// of panel.
func (f *Fake) TemplateName(t Template) string {
	if f.kind == vmmanager.KindV6 {
		return vmmanager.V6TemplateName(t.Repository, t.Name)
	}
	if t.Repository == "" {
		return t.Name
	}
	return t.Repository + "__" + t.Name
}

// AddTemplate adds t to the panel.
func (f *Fake) AddTemplate(t Template) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.templates = append(f.templates, t)
}

// RemoveTemplate removes the template with the given internal or plain name.
func (f *Fake) RemoveTemplate(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, t := range f.templates {
		if f.TemplateName(t) == name || t.Name == name {
			f.templates = append(f.templates[:i], f.templates[i+1:]...)
			return
		}
	}
}

// templateID resolves an internal or plain name; f.mu is held.
func (f *Fake) templateID(name string) (string, bool) {
	if name == "" {
		return "", true
	}
	for _, t := range f.templates {
		if f.TemplateName(t) == name {
			return t.ID, true
		}
	}
	for _, t := range f.templates {
		if t.Name == name {
			return t.ID, true
		}
	}
	return "", false
}

// templateByID returns the template with id; f.mu is held.
func (f *Fake) templateByID(id string) (Template, bool) {
	for _, t := range f.templates {
		if t.ID == id {
			return t, true
		}
	}
	return Template{}, false
}

// AddVM adds vm; an empty ID gets the next free one, which is returned.
func (f *Fake) AddVM(vm VM) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.addVM(vm)
}

// AddVMs adds many VMs at once, e.g. from GenerateVMs.
func (f *Fake) AddVMs(vms []VM) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, vm := range vms {
		if _, err := f.addVM(vm); err != nil {
			return err
		}
	}
	return nil
}

func (f *Fake) addVM(vm VM) (string, error) {
	tid, ok := f.templateID(vm.Template)
	if !ok {
		return "", fmt.Errorf("vmfake: no template %q", vm.Template)
	}
	if vm.ID == "" {
		f.nextID++
		vm.ID = strconv.Itoa(f.nextID)
	}
	if vm.State == "" {
		vm.State = StateRunning
	}
	if _, dup := f.vms[vm.ID]; !dup {
		f.order = append(f.order, vm.ID)
	}
	f.vms[vm.ID] = &vmRec{VM: vm, templateID: tid}
	return vm.ID, nil
}

// Reinstall reinstalls a VM from inside the panel, as a client would in
// the panel's own UI.
func (f *Fake) Reinstall(vmID, template string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	vm, ok := f.vms[vmID]
	if !ok {
		return fmt.Errorf("vmfake: no VM %q", vmID)
	}
	tid, ok := f.templateID(template)
	if !ok {
		return fmt.Errorf("vmfake: no template %q", template)
	}
	vm.templateID = tid
	return nil
}

// SetInstalling marks a VM as installing, or finishes its install (it is
// then running).
func (f *Fake) SetInstalling(vmID string, installing bool) error {
	return f.setState(vmID, map[bool]string{true: StateInstalling, false: StateRunning}[installing])
}

func (f *Fake) setState(vmID, state string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	vm, ok := f.vms[vmID]
	if !ok {
		return fmt.Errorf("vmfake: no VM %q", vmID)
	}
	vm.State = state
	return nil
}

// VM returns a VM as the panel holds it, with its template's internal name.
func (f *Fake) VM(vmID string) (VM, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	vm, ok := f.vms[vmID]
	if !ok {
		return VM{}, false
	}
	return f.export(vm), true
}

// VMs returns every VM in listing order.
func (f *Fake) VMs() []VM {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]VM, 0, len(f.order))
	for _, id := range f.order {
		out = append(out, f.export(f.vms[id]))
	}
	return out
}

// export fills in the template's internal name; f.mu is held.
func (f *Fake) export(vm *vmRec) VM {
	out := vm.VM
	out.Template = ""
	if t, ok := f.templateByID(vm.templateID); ok {
		out.Template = f.TemplateName(t)
	}
	return out
}

// deleteVM removes a VM; f.mu is held.
func (f *Fake) deleteVM(id string) bool {
	if _, ok := f.vms[id]; !ok {
		return false
	}
	delete(f.vms, id)
	for i, o := range f.order {
		if o == id {
			f.order = append(f.order[:i], f.order[i+1:]...)
			break
		}
	}
	return true
}

// snapshot copies the VMs in order so an answer can be written unlocked,
// with the templates and the number of VMs in the whole list.
func (f *Fake) snapshot(offset, limit int) ([]vmRec, []Template, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ids := f.order
	total := len(ids)
	if offset > len(ids) {
		offset = len(ids)
	}
	ids = ids[offset:]
	if limit > 0 && limit < len(ids) {
		ids = ids[:limit]
	}
	out := make([]vmRec, len(ids))
	for i, id := range ids {
		out[i] = *f.vms[id]
	}
	return out, append([]Template(nil), f.templates...), total
}
