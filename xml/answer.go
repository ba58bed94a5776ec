package xml

import (
	stdxml "encoding/xml"
	"io"
)

// DecodeCreated decodes the answer to vm.edit with sok=ok and returns the
// new VM's id. The panel answers <doc><id>123</id></doc>; <elid> is
// accepted too, as some versions echo the edited id that way.
func DecodeCreated(r io.Reader, lim Limits) (string, error) {
	var id string
	err := decodeDoc(r, lim, func(s *scanner, c stdxml.StartElement) error {
		switch c.Name.Local {
		case "id", "elid":
			v, err := s.text()
			if id == "" {
				id = v
			}
			return err
		}
		return s.skip()
	})
	if err != nil {
		return "", err
	}
	if id == "" {
		return "", &SyntaxError{Msg: "no <id> in the answer"}
	}
	return id, nil
}

// EncodeCreated writes the answer to vm.edit: <doc><id>ID</id></doc>.
func EncodeCreated(w io.Writer, id string) error {
	d := newDocWriter(w)
	d.text("id", id)
	return d.close()
}

// DecodeOK decodes an answer whose content does not matter (vm.start,
// vm.stop, vm.delete, vm.reinstall): it succeeds on any well-formed <doc>
// without an <error>.
func DecodeOK(r io.Reader, lim Limits) error {
	return decodeDoc(r, lim, func(s *scanner, _ stdxml.StartElement) error { return s.skip() })
}

// EncodeOK writes <doc><ok/></doc>.
func EncodeOK(w io.Writer) error {
	d := newDocWriter(w)
	d.raw("<ok/>")
	return d.close()
}
