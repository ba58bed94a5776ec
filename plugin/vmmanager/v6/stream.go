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

// listInfo is what decodeList saw besides the items.
type listInfo struct {
	// Items is how many items were decoded.
	Items int
	// Size is the answer's "size", the panel's count of the whole list;
	// -1 when absent or not a whole number (public sources do not say it
	// is always sent).
	Size int
}

// decodeList reads {"list":[...], ...} from r as a stream of tokens and
// calls fn for each item as soon as it is decoded, so a large list never
// sits in memory whole. Other keys are skipped. An error from fn is
// returned as a cbError.
func decodeList[T any](r io.Reader, fn func(T) error) (listInfo, error) {
	dec := json.NewDecoder(r)
	bad := func(msg string) error { return &malformedError{msg: msg, offset: dec.InputOffset()} }
	info := listInfo{Size: -1}
	if err := expectDelim(dec, '{', bad); err != nil {
		return info, err
	}
	sawList := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return info, err
		}
		if key, _ := tok.(string); key != "list" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return info, err
			}
			if key == "size" {
				info.Size = wholeNumber(skip)
			}
			continue
		}
		sawList = true
		if err := expectDelim(dec, '[', bad); err != nil {
			return info, err
		}
		for dec.More() {
			var item T
			if err := dec.Decode(&item); err != nil {
				return info, err
			}
			info.Items++
			if err := fn(item); err != nil {
				return info, cbError{err}
			}
		}
		if err := expectDelim(dec, ']', bad); err != nil {
			return info, err
		}
	}
	if err := expectDelim(dec, '}', bad); err != nil {
		return info, err
	}
	if !sawList {
		return info, bad(`no "list" in the answer`)
	}
	return info, nil
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

// wholeNumber is b as a non-negative int, or -1.
func wholeNumber(b []byte) int {
	var n int
	if json.Unmarshal(b, &n) != nil || n < 0 {
		return -1
	}
	return n
}
