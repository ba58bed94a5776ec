package xml

import "io"

// DecodeError decodes an error document. It returns the *PanelError, or a
// *SyntaxError if the document is malformed or holds no <error>.
func DecodeError(r io.Reader, lim Limits) (*PanelError, error) {
	err := DecodeOK(r, lim)
	if pe, ok := err.(*PanelError); ok {
		return pe, nil
	}
	if err == nil {
		err = &SyntaxError{Msg: "no <error> in the document"}
	}
	return nil, err
}

// EncodeError writes an error document:
// <doc><error type=".." object=".."><msg>..</msg></error></doc>.
func EncodeError(w io.Writer, pe PanelError) error {
	d := newDocWriter(w)
	d.raw(`<error type="`)
	d.escaped(pe.Type)
	d.raw(`"`)
	if pe.Object != "" {
		d.raw(` object="`)
		d.escaped(pe.Object)
		d.raw(`"`)
	}
	d.raw(`>`)
	d.text("msg", pe.Msg)
	d.raw(`</error>`)
	return d.close()
}
