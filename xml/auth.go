package xml

import (
	stdxml "encoding/xml"
	"io"
)

// Auth is the answer to func=auth: <doc><auth id="KEY">KEY</auth></doc>.
type Auth struct {
	// Key is the session key to pass as auth=KEY.
	Key string
}

// DecodeAuth decodes the answer to func=auth. The key is the element text,
// or its id attribute when the text is empty.
func DecodeAuth(r io.Reader, lim Limits) (Auth, error) {
	var a Auth
	found := false
	err := decodeDoc(r, lim, func(s *scanner, c stdxml.StartElement) error {
		if c.Name.Local != "auth" {
			return s.skip()
		}
		found = true
		key, err := s.text()
		a.Key = key
		if a.Key == "" {
			for _, at := range c.Attr {
				if at.Name.Local == "id" {
					a.Key = at.Value
				}
			}
		}
		return err
	})
	if err != nil {
		return Auth{}, err
	}
	if !found || a.Key == "" {
		return Auth{}, &SyntaxError{Msg: "no <auth> key in the answer"}
	}
	return a, nil
}

// EncodeAuth writes the answer to func=auth.
func EncodeAuth(w io.Writer, a Auth) error {
	d := newDocWriter(w)
	d.raw(`<auth id="`)
	d.escaped(a.Key)
	d.raw(`">`)
	d.escaped(a.Key)
	d.raw(`</auth>`)
	return d.close()
}
