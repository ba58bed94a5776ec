package xml

import (
	stdxml "encoding/xml"
	"io"
)

// VMElem is one <elem> of the func=vm list.
type VMElem struct {
	ID   string
	Name string
	IP   string
	// VMI is the template the VM was installed from.
	VMI string
	// OSTemplate is the template as some panel versions also report it.
	OSTemplate string
	// State is the <state> text, e.g. "on", "off", "running", "stopped".
	State string
	// VCPU, Mem (MiB) and VSize (MiB) are the VM's resources.
	VCPU  int
	Mem   int
	VSize int
	// Installing is set by an <installos/> or <installing/> marker.
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
		vm, err := decodeVMElem(s)
		if err != nil {
			return err
		}
		return fn(vm)
	})
}

func decodeVMElem(s *scanner) (VMElem, error) {
	var vm VMElem
	err := s.eachChild(func(c stdxml.StartElement) error {
		var err error
		switch c.Name.Local {
		case "id":
			vm.ID, err = s.text()
		case "name":
			vm.Name, err = s.text()
		case "ip":
			vm.IP, err = s.text()
		case "vmi":
			vm.VMI, err = s.text()
		case "ostemplate":
			vm.OSTemplate, err = s.text()
		case "state":
			vm.State, err = s.text()
		case "vcpu":
			vm.VCPU, err = s.integer("vcpu")
		case "mem":
			vm.Mem, err = s.integer("mem")
		case "vsize":
			vm.VSize, err = s.integer("vsize")
		case "installos", "installing":
			vm.Installing = true
			err = s.skip()
		default:
			err = s.skip()
		}
		return err
	}, nil)
	return vm, err
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
