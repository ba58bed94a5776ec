package xml

import (
	stdxml "encoding/xml"
	"io"
)

// OSElem is one <elem> of the func=osmgr template list.
type OSElem struct {
	ID string
	// Name is the template's internal name, e.g. ISPsystem__CentOS-7-amd64.
	Name string
	// State is the template state, e.g. "active".
	State string
}

// DecodeOSList decodes a func=osmgr answer. The list is small, so it is
// returned whole; unknown elements are ignored.
func DecodeOSList(r io.Reader, lim Limits) ([]OSElem, error) {
	var list []OSElem
	err := decodeDoc(r, lim, func(s *scanner, c stdxml.StartElement) error {
		if c.Name.Local != "elem" {
			return s.skip()
		}
		var os OSElem
		err := s.eachChild(func(c stdxml.StartElement) error {
			var err error
			switch c.Name.Local {
			case "id":
				os.ID, err = s.text()
			case "name":
				os.Name, err = s.text()
			case "state":
				os.State, err = s.text()
			default:
				err = s.skip()
			}
			return err
		}, nil)
		list = append(list, os)
		return err
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// EncodeOSList writes a func=osmgr answer.
func EncodeOSList(w io.Writer, list []OSElem) error {
	d := newDocWriter(w)
	for _, os := range list {
		d.raw("<elem>")
		d.textIfSet("id", os.ID)
		d.text("name", os.Name)
		d.textIfSet("state", os.State)
		d.raw("</elem>\n")
	}
	return d.close()
}
