package vmfake

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"osaddon/plugin/vmmanager"
	"osaddon/xml"
)

// NewV5 starts a fake VMmanager 5 at /vmmgr. It accepts func=auth
// sessions and one-shot authinfo=user:pass, and answers a dropped session
// with <error type="auth">, as the real panel does.
func NewV5(tb testing.TB) *Fake {
	tb.Helper()
	f := newFake(vmmanager.KindV5, v5Handler)
	tb.Cleanup(f.Close)
	return f
}

func v5Handler(f *Fake) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/vmmgr", f.serveV5)
	return mux
}

func (f *Fake) serveV5(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/xml; charset=UTF-8")
	fn := r.FormValue("func")
	if fn == "auth" {
		key := f.login(r.FormValue("username"), r.FormValue("password"))
		if key == "" {
			v5Error(w, "auth", "", "Invalid username or password")
			return
		}
		_ = xml.EncodeAuth(w, xml.Auth{Key: key})
		return
	}
	if !f.v5Authorized(r) {
		v5Error(w, "auth", "", "Session expired")
		return
	}
	switch fn {
	case "vm":
		f.v5List(w)
	case "osmgr":
		_, templates, _ := f.snapshot(0, 0)
		list := make([]xml.OSElem, len(templates))
		for i, t := range templates {
			list[i] = xml.OSElem{ID: t.ID, Name: f.TemplateName(t), State: t.State}
		}
		_ = xml.EncodeOSList(w, list)
	case "vm.edit":
		if r.FormValue("sok") == "" && r.FormValue("elid") != "" {
			f.v5Edit(w, r.FormValue("elid"))
			return
		}
		f.v5Create(w, r)
	case "vm.reinstall":
		if r.FormValue("confirm") != r.FormValue("password") {
			v5Error(w, "value", "confirm", "Passwords do not match")
			return
		}
		if err := f.Reinstall(r.FormValue("elid"), r.FormValue("vmi")); err != nil {
			f.v5Missing(w, r.FormValue("elid"), "vmi")
			return
		}
		_ = f.setState(r.FormValue("elid"), StateInstalling)
		_ = xml.EncodeOK(w)
	case "vm.start", "vm.stop":
		if f.takeTaskFailure() {
			v5Error(w, "exists", "state", f.taskOutput())
			return
		}
		state := map[string]string{"vm.start": StateRunning, "vm.stop": StateStopped}[fn]
		if f.setState(r.FormValue("elid"), state) != nil {
			v5Error(w, "missed", "elid", "No such VM")
			return
		}
		_ = xml.EncodeOK(w)
	case "vm.delete":
		f.mu.Lock()
		ok := f.deleteVM(r.FormValue("elid"))
		f.mu.Unlock()
		if !ok {
			v5Error(w, "missed", "elid", "No such VM")
			return
		}
		_ = xml.EncodeOK(w)
	default:
		v5Error(w, "missed", "func", "Unknown function "+fn)
	}
}

// v5Authorized checks auth=KEY or authinfo=user:pass.
func (f *Fake) v5Authorized(r *http.Request) bool {
	if info := r.FormValue("authinfo"); info != "" {
		user, pass, _ := strings.Cut(info, ":")
		return user == Username && pass == Password
	}
	return f.validSession(r.FormValue("auth"))
}

func (f *Fake) v5List(w http.ResponseWriter) {
	vms, templates, _ := f.snapshot(0, 0)
	names := make(map[string]string, len(templates))
	for _, t := range templates {
		names[t.ID] = f.TemplateName(t)
	}
	enc := xml.NewVMListEncoder(w)
	for _, vm := range vms {
		if enc.Encode(v5Elem(vm, names)) != nil {
			return
		}
	}
	_ = enc.Close()
}

// v5Elem is a VM as VMmanager 5 reports it: state running or down (other
// states verbatim), and while installing <installos/> with osinstalled off.
func v5Elem(vm vmRec, names map[string]string) xml.VMElem {
	e := xml.VMElem{ID: vm.ID, Name: vm.Name, IP: vm.IP, VMI: names[vm.templateID],
		VCPU: vm.CPUs, Mem: vm.RAMMiB, VSize: vm.DiskMiB, State: vm.State, OSInstalled: "on"}
	switch vm.State {
	case StateStopped:
		e.State = "down"
	case StateInstalling:
		e.State, e.OSInstalled, e.Installing = "running", "off", true
	}
	return e
}

// v5Edit answers vm.edit&elid=ID without sok: the VM's form.
func (f *Fake) v5Edit(w http.ResponseWriter, id string) {
	f.mu.Lock()
	vm, ok := f.vms[id]
	var rec vmRec
	names := map[string]string{}
	if ok {
		rec = *vm
		if t, ok := f.templateByID(vm.templateID); ok {
			names[t.ID] = f.TemplateName(t)
		}
	}
	f.mu.Unlock()
	if !ok {
		v5Error(w, "missed", "elid", "No such VM")
		return
	}
	_ = xml.EncodeVMEdit(w, v5Elem(rec, names))
}

func (f *Fake) v5Create(w http.ResponseWriter, r *http.Request) {
	if r.FormValue("sok") != "ok" {
		v5Error(w, "value", "sok", "sok=ok is required")
		return
	}
	req := CreateRequest{}
	for k := range r.PostForm {
		req[k] = r.PostForm.Get(k)
	}
	f.mu.Lock()
	f.creates = append(f.creates, req)
	f.mu.Unlock()
	if r.FormValue("confirm") != r.FormValue("password") {
		v5Error(w, "value", "confirm", "Passwords do not match")
		return
	}
	cpus, _ := strconv.Atoi(r.FormValue("vcpu"))
	ram, _ := strconv.Atoi(r.FormValue("mem"))
	disk, _ := strconv.Atoi(r.FormValue("vsize"))
	id, err := f.AddVM(VM{Name: r.FormValue("name"), Template: r.FormValue("vmi"), State: StateInstalling,
		CPUs: cpus, RAMMiB: ram, DiskMiB: disk})
	if err != nil {
		v5Error(w, "value", "vmi", "Unknown template")
		return
	}
	_ = xml.EncodeCreated(w, id)
}

// v5Missing answers for a reinstall of a missing VM or template.
func (f *Fake) v5Missing(w http.ResponseWriter, elid, object string) {
	if _, ok := f.VM(elid); !ok {
		v5Error(w, "missed", "elid", "No such VM")
		return
	}
	v5Error(w, "value", object, "Unknown template")
}

func v5Error(w http.ResponseWriter, typ, object, msg string) {
	_ = xml.EncodeError(w, xml.PanelError{Type: typ, Object: object, Msg: msg})
}
