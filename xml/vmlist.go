package xml

import (
	stdxml "encoding/xml"
	"io"
)

// VMElem is one <elem> of the func=vm list, or the fields of a vm.edit
// form.
type VMElem struct {
	ID   string
	Name string
	IP   string
	// VMI is the template the VM was installed from.
	VMI string
	// OSTemplate is the template as some panel versions also report it.
	OSTemplate string
	// State is the power state verbatim: "running" and "down" on real
	// panels, and values nobody documented.
	State string
	// OSInstalled is the osinstalled field verbatim: "on", or "off" while
	// the OS is being installed.
	OSInstalled string
	// VCPU, Mem (MiB) and VSize (MiB) are the VM's resources.
	VCPU  int
	Mem   int
	VSize int
	// Installing is set by an <installos/> or <installing/> marker, or by
	// osinstalled=off.
	Installing bool
}

// DecodeVMList decodes a func=vm answer, calling fn for each <elem> as soon
// as it is complete. Unknown elements are ignored. If it returns an error
// the listing is incomplete, even though fn may already have seen some
// elems; an error from fn stops decoding and is returned as is.
func DecodeVMList(r io.Reader, lim Limits, fn func(VMElem) error) error {
	return decodeDoc(r, lim, func(s *scanner, c stdxml.StartElement) error {
		if c.Name.Local != "elem" {
			return s.skip()
		}
		vm, err := decodeVMElem(s, c)
		if err != nil {
			return err
		}
		return fn(vm)
	})
}

// DecodeVMEdit decodes the answer to func=vm.edit&elid=ID (without sok):
// the VM's fields as children of <doc>. The id is elid or id.
func DecodeVMEdit(r io.Reader, lim Limits) (VMElem, error) {
	var vm VMElem
	err := decodeDoc(r, lim, func(s *scanner, c stdxml.StartElement) error {
		if c.Name.Local == "elid" {
			id, err := s.text()
			vm.ID = id
			return err
		}
		return vm.field(s, c)
	})
	vm.finish()
	return vm, err
}

// decodeVMElem reads the <elem> just opened. Fields may come as child
// elements or as attributes of <elem>; a child wins.
func decodeVMElem(s *scanner, start stdxml.StartElement) (VMElem, error) {
	var vm VMElem
	for _, a := range start.Attr {
		if err := vm.set(s, a.Name.Local, a.Value); err != nil {
			return vm, err
		}
	}
	err := s.eachChild(func(c stdxml.StartElement) error { return vm.field(s, c) }, nil)
	vm.finish()
	return vm, err
}

// field reads the child element c just opened into vm; unknown ones are
// skipped, and a marker element sets Installing.
func (vm *VMElem) field(s *scanner, c stdxml.StartElement) error {
	switch c.Name.Local {
	case "installos", "installing":
		vm.Installing = true
		return s.skip()
	case "id", "name", "ip", "vmi", "ostemplate", "state", "osinstalled", "vcpu", "mem", "vsize":
		txt, err := s.text()
		if err != nil {
			return err
		}
		return vm.set(s, c.Name.Local, txt)
	}
	return s.skip()
}

// set stores one named field; unknown names are ignored.
func (vm *VMElem) set(s *scanner, name, value string) error {
	var err error
	switch name {
	case "id":
		vm.ID = value
	case "name":
		vm.Name = value
	case "ip":
		vm.IP = value
	case "vmi":
		vm.VMI = value
	case "ostemplate":
		vm.OSTemplate = value
	case "state":
		vm.State = value
	case "osinstalled":
		vm.OSInstalled = value
	case "vcpu":
		vm.VCPU, err = s.parseInt(name, value)
	case "mem":
		vm.Mem, err = s.parseInt(name, value)
	case "vsize":
		vm.VSize, err = s.parseInt(name, value)
	}
	return err
}

// finish derives Installing from osinstalled.
func (vm *VMElem) finish() {
	if vm.OSInstalled == "off" {
		vm.Installing = true
	}
}

// VMListEncoder writes a func=vm answer one elem at a time.
type VMListEncoder struct {
	d *docWriter
}

// NewVMListEncoder starts a func=vm answer on w.
func NewVMListEncoder(w io.Writer) *VMListEncoder {
	return &VMListEncoder{d: newDocWriter(w)}
}

// Encode writes one <elem>.
func (e *VMListEncoder) Encode(vm VMElem) error {
	d := e.d
	d.raw("<elem>")
	d.text("id", vm.ID)
	d.text("name", vm.Name)
	d.textIfSet("ip", vm.IP)
	d.textIfSet("vmi", vm.VMI)
	d.textIfSet("ostemplate", vm.OSTemplate)
	d.textIfSet("state", vm.State)
	d.textIfSet("osinstalled", vm.OSInstalled)
	d.integer("vcpu", vm.VCPU)
	d.integer("mem", vm.Mem)
	d.integer("vsize", vm.VSize)
	if vm.Installing {
		d.raw("<installos/>")
	}
	d.raw("</elem>\n")
	return d.err
}

// Close ends the document and flushes it.
func (e *VMListEncoder) Close() error {
	return e.d.close()
}

// EncodeVMEdit writes the answer to func=vm.edit&elid=ID: the VM's fields
// as children of <doc>.
func EncodeVMEdit(w io.Writer, vm VMElem) error {
	d := newDocWriter(w)
	d.text("elid", vm.ID)
	d.text("name", vm.Name)
	d.textIfSet("ip", vm.IP)
	d.textIfSet("vmi", vm.VMI)
	d.textIfSet("state", vm.State)
	d.textIfSet("osinstalled", vm.OSInstalled)
	d.integer("vcpu", vm.VCPU)
	d.integer("mem", vm.Mem)
	d.integer("vsize", vm.VSize)
	return d.close()
}

// EncodeVMList writes a whole func=vm answer.
func EncodeVMList(w io.Writer, vms []VMElem) error {
	e := NewVMListEncoder(w)
	for _, vm := range vms {
		if err := e.Encode(vm); err != nil {
			return err
		}
	}
	return e.Close()
}
