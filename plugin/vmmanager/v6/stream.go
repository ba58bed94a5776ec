package v6

import (
	"encoding/json"
	"fmt"
	"io"
)

// malformedError is a JSON answer of the wrong shape.
type malformedError struct {
	msg    string
	offset int64
}

func (e *malformedError) Error() string {
	return fmt.Sprintf("malformed answer at byte %d: %s", e.offset, e.msg)
}

// cbError carries the caller's own error out of the decoder untouched.
type cbError struct{ err error }

func (e cbError) Error() string { return e.err.Error() }

// decodeList reads {"list":[...], ...} from r as a stream of tokens and
// calls fn for each item as soon as it is decoded, so a large list never
// sits in memory whole. Other keys are skipped. It returns how many items
// it decoded. An error from fn is returned as a cbError.
func decodeList[T any](r io.Reader, fn func(T) error) (int, error) {
	dec := json.NewDecoder(r)
	bad := func(msg string) error { return &malformedError{msg: msg, offset: dec.InputOffset()} }
	if err := expectDelim(dec, '{', bad); err != nil {
		return 0, err
	}
	n, sawList := 0, false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return n, err
		}
		if key, _ := tok.(string); key != "list" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return n, err
			}
			continue
		}
		sawList = true
		if err := expectDelim(dec, '[', bad); err != nil {
			return n, err
		}
		for dec.More() {
			var item T
			if err := dec.Decode(&item); err != nil {
				return n, err
			}
			n++
			if err := fn(item); err != nil {
				return n, cbError{err}
			}
		}
		if err := expectDelim(dec, ']', bad); err != nil {
			return n, err
		}
	}
	if err := expectDelim(dec, '}', bad); err != nil {
		return n, err
	}
	if !sawList {
		return n, bad(`no "list" in the answer`)
	}
	return n, nil
}

func expectDelim(dec *json.Decoder, want json.Delim, bad func(string) error) error {
	tok, err := dec.Token()
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return bad(fmt.Sprintf("want %q", want))
	}
	return nil
}
