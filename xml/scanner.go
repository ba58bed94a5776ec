package xml

import (
	stdxml "encoding/xml"
	"errors"
	"io"
	"strconv"
)

// scanner walks a document token by token, enforcing Limits and tag
// matching. It uses RawToken, which skips namespace translation, and checks
// nesting itself.
type scanner struct {
	dec   *stdxml.Decoder
	src   *sizeReader
	lim   Limits
	stack []stdxml.Name
	buf   []byte
}

// sizeReader fails once more than max bytes were read.
type sizeReader struct {
	r   io.Reader
	n   int64
	max int64
	// err is the last error of r other than io.EOF, passed through as is.
	err error
}

func (s *sizeReader) Read(p []byte) (int, error) {
	if int64(len(p)) > s.max-s.n+1 {
		p = p[:s.max-s.n+1]
	}
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF {
		s.err = err
	}
	s.n += int64(n)
	if s.n > s.max {
		return n, &LimitError{Limit: "max_bytes", Max: s.max, Offset: s.max}
	}
	return n, err
}

func newScanner(r io.Reader, lim Limits) *scanner {
	lim = lim.withDefaults()
	src := &sizeReader{r: r, max: lim.MaxBytes}
	return &scanner{dec: stdxml.NewDecoder(src), src: src, lim: lim}
}

func (s *scanner) syntax(msg string) error {
	return &SyntaxError{Offset: s.dec.InputOffset(), Msg: msg}
}

// next returns the next element or text token. Comments, processing
// instructions and directives are skipped.
func (s *scanner) next() (stdxml.Token, error) {
	for {
		tok, err := s.dec.RawToken()
		if err != nil {
			return nil, s.wrap(err)
		}
		switch t := tok.(type) {
		case stdxml.StartElement:
			if len(s.stack) >= s.lim.MaxDepth {
				return nil, &LimitError{Limit: "max_depth", Max: int64(s.lim.MaxDepth), Offset: s.dec.InputOffset()}
			}
			for _, a := range t.Attr {
				if len(a.Value) > s.lim.MaxTokenLen {
					return nil, s.tokenTooLong()
				}
			}
			s.stack = append(s.stack, t.Name)
			return t, nil
		case stdxml.EndElement:
			if len(s.stack) == 0 || s.stack[len(s.stack)-1] != t.Name {
				return nil, s.syntax("unexpected end element </" + t.Name.Local + ">")
			}
			s.stack = s.stack[:len(s.stack)-1]
			return t, nil
		case stdxml.CharData:
			if len(t) > s.lim.MaxTokenLen {
				return nil, s.tokenTooLong()
			}
			return t, nil
		}
	}
}

func (s *scanner) tokenTooLong() error {
	return &LimitError{Limit: "max_token_len", Max: int64(s.lim.MaxTokenLen), Offset: s.dec.InputOffset()}
}

// wrap turns decoder errors into *SyntaxError; limit errors and errors of
// the underlying reader pass through.
func (s *scanner) wrap(err error) error {
	var le *LimitError
	if errors.As(err, &le) {
		return le
	}
	var se *stdxml.SyntaxError
	if errors.As(err, &se) {
		return s.syntax(se.Msg)
	}
	if err == io.EOF {
		if len(s.stack) > 0 {
			return s.syntax("unexpected EOF inside <" + s.stack[len(s.stack)-1].Local + ">")
		}
		return s.syntax("unexpected EOF")
	}
	if s.src.err != nil && errors.Is(err, s.src.err) {
		// A transport error: the caller decides what it means.
		return err
	}
	// Anything else the decoder rejects (version, charset) is malformed.
	return s.syntax(err.Error())
}

// root consumes everything up to the root element, which must be <doc>.
func (s *scanner) root() error {
	for {
		tok, err := s.next()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case stdxml.StartElement:
			if t.Name.Local != "doc" {
				return s.syntax("root element is <" + t.Name.Local + ">, want <doc>")
			}
			return nil
		case stdxml.CharData:
			if !isSpace(t) {
				return s.syntax("text before the root element")
			}
		}
	}
}

// eachChild calls fn for every child element of the element just opened,
// and onText (if not nil) for its direct text. fn must consume the child
// entirely. It returns after the parent's end tag.
func (s *scanner) eachChild(fn func(stdxml.StartElement) error, onText func([]byte) error) error {
	for {
		tok, err := s.next()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case stdxml.StartElement:
			if err := fn(t); err != nil {
				return err
			}
		case stdxml.EndElement:
			return nil
		case stdxml.CharData:
			if onText != nil {
				if err := onText(t); err != nil {
					return err
				}
			}
		}
	}
}

// skip consumes the element just opened.
func (s *scanner) skip() error {
	return s.eachChild(func(stdxml.StartElement) error { return s.skip() }, nil)
}

// text returns the text content of the element just opened; nested
// elements are skipped.
func (s *scanner) text() (string, error) {
	s.buf = s.buf[:0]
	err := s.eachChild(func(stdxml.StartElement) error { return s.skip() }, func(b []byte) error {
		s.buf = append(s.buf, b...)
		if len(s.buf) > s.lim.MaxTokenLen {
			return s.tokenTooLong()
		}
		return nil
	})
	return string(s.buf), err
}

// parseInt returns the text of field what as an int; empty text is 0.
func (s *scanner) parseInt(what, txt string) (int, error) {
	if txt == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(txt)
	if err != nil {
		return 0, s.syntax("<" + what + "> is not an integer")
	}
	return n, nil
}

// panelError decodes the <error> element just opened.
func (s *scanner) panelError(start stdxml.StartElement) error {
	pe := &PanelError{}
	for _, a := range start.Attr {
		switch a.Name.Local {
		case "type":
			pe.Type = a.Value
		case "object":
			pe.Object = a.Value
		}
	}
	var direct []byte
	err := s.eachChild(func(c stdxml.StartElement) error {
		if c.Name.Local != "msg" {
			return s.skip()
		}
		msg, err := s.text()
		pe.Msg = msg
		return err
	}, func(b []byte) error {
		direct = append(direct, b...)
		return nil
	})
	if err != nil {
		return err
	}
	if pe.Msg == "" {
		pe.Msg = string(trimSpace(direct))
	}
	return pe
}

// decodeDoc reads a <doc> document, calling fn for each child of <doc>.
// An <error> child ends decoding with a *PanelError.
func decodeDoc(r io.Reader, lim Limits, fn func(*scanner, stdxml.StartElement) error) error {
	s := newScanner(r, lim)
	if err := s.root(); err != nil {
		return err
	}
	return s.eachChild(func(c stdxml.StartElement) error {
		if c.Name.Local == "error" {
			return s.panelError(c)
		}
		return fn(s, c)
	}, nil)
}

func isSpace(b []byte) bool {
	return len(trimSpace(b)) == 0
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\n' || b[0] == '\r' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\n' || b[len(b)-1] == '\r' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}
