package rpc

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sourcegraph/jsonrpc2"
)

// DefaultMaxMessageBytes is the largest message a side accepts unless told
// otherwise: 64 MiB, room for a sync plan of 100,000 changes.
const DefaultMaxMessageBytes = 64 << 20

// MethodRejected is the method of a request the codec makes up in place of a
// message it could not accept (too large, not JSON, not a JSON-RPC request).
// The receiver answers it with the error in its params; see Rejection. It is
// never sent on the wire.
const MethodRejected = "$/osaddon/rejected"

// nullID stands for a JSON null id in a response to a message whose id could
// not be read, as JSON-RPC 2.0 requires; Codec.WriteObject writes it as null.
const nullID = "\x00osaddon-null-id"

var nullIDPrefix = []byte(`{"id":"\u0000osaddon-null-id"`)

// Codec is jsonrpc2.VSCodeObjectCodec (LSP "Content-Length: N\r\n\r\n"
// framing) with a message size limit and recovery: a message that is too
// large, not JSON, or not JSON-RPC does not kill the connection. A request
// becomes a MethodRejected request the receiver answers with an error under
// the original id; a response becomes an error response to its call.
type Codec struct {
	// MaxMessageBytes is the largest body accepted; 0 means
	// DefaultMaxMessageBytes.
	MaxMessageBytes int64
}

// NewStream returns a jsonrpc2 stream over rwc with this codec.
func (c Codec) NewStream(rwc io.ReadWriteCloser) jsonrpc2.ObjectStream {
	return jsonrpc2.NewBufferedStream(rwc, c)
}

func (c Codec) limit() int64 {
	if c.MaxMessageBytes > 0 {
		return c.MaxMessageBytes
	}
	return DefaultMaxMessageBytes
}

// WriteObject implements jsonrpc2.ObjectCodec.
func (c Codec) WriteObject(w io.Writer, obj any) error {
	data, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	if bytes.HasPrefix(data, nullIDPrefix) {
		data = append([]byte(`{"id":null`), data[len(nullIDPrefix):]...)
	}
	if _, err := fmt.Fprintf(w, "Content-Length: %d\r\n\r\n", len(data)); err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// ReadObject implements jsonrpc2.ObjectCodec. It returns an error only when
// the framing itself is broken or the stream ends; then the connection ends.
func (c Codec) ReadObject(r *bufio.Reader, v any) error {
	n, err := readHeader(r)
	if err != nil {
		return err
	}
	if n > c.limit() {
		body := io.LimitReader(r, n)
		env := scanEnvelope(bufio.NewReader(body))
		if _, err := io.Copy(io.Discard, body); err != nil { // what the scan left
			return err
		}
		msg := fmt.Sprintf("message of %d bytes exceeds the limit of %d bytes", n, c.limit())
		return env.substitute(v, CodeMessageTooLarge, msg)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return err
	}
	if err := json.Unmarshal(body, v); err != nil {
		env := scanEnvelope(bytes.NewReader(body))
		code, msg := CodeInvalidRequest, "not a JSON-RPC 2.0 request or response object"
		if !json.Valid(body) {
			code, msg = CodeParseError, "malformed JSON"
		}
		return env.substitute(v, code, msg)
	}
	return nil
}

// readHeader reads the header block and returns the Content-Length.
func readHeader(r *bufio.Reader) (int64, error) {
	var n int64 = -1
	for {
		line, err := r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			return 0, fmt.Errorf("rpc: header line too long")
		}
		if err != nil {
			return 0, err
		}
		s := string(line)
		if !strings.HasSuffix(s, "\r\n") {
			return 0, fmt.Errorf(`rpc: header lines must end in \r\n`)
		}
		s = strings.TrimSuffix(s, "\r\n")
		if s == "" {
			break
		}
		name, value, ok := strings.Cut(s, ":")
		if !ok {
			return 0, fmt.Errorf("rpc: malformed header line %q", s)
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err = strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if err != nil || n < 0 {
				return 0, fmt.Errorf("rpc: bad Content-Length %q", value)
			}
		}
	}
	if n <= 0 {
		return 0, fmt.Errorf("rpc: no Content-Length header")
	}
	return n, nil
}

// envelope is what can be told of a message without decoding it.
type envelope struct {
	id         []byte // raw JSON id, nil when absent or unreadable
	isResponse bool   // has "result" or "error" and no "method"
}

// substitute fills v with a stand-in for a rejected message.
func (e envelope) substitute(v any, code Code, msg string) error {
	build := func(id []byte) []byte {
		var b []byte
		if e.isResponse {
			eb, _ := json.Marshal(&jsonrpc2.Error{Code: int64(code), Message: msg})
			b = fmt.Appendf(nil, `{"jsonrpc":"2.0","id":%s,"error":%s}`, id, eb)
		} else {
			pb, _ := json.Marshal(&Error{Code: code, Message: msg})
			b = fmt.Appendf(nil, `{"jsonrpc":"2.0","id":%s,"method":%q,"params":%s}`, id, MethodRejected, pb)
		}
		return b
	}
	if e.id != nil && string(e.id) != "null" {
		if err := json.Unmarshal(build(e.id), v); err == nil {
			return nil
		}
	}
	null, _ := json.Marshal(nullID)
	return json.Unmarshal(build(null), v)
}

// Rejection returns the error to answer for a MethodRejected request.
func Rejection(req *jsonrpc2.Request) *Error {
	var e Error
	if req.Params == nil || json.Unmarshal(*req.Params, &e) != nil || e.Code == 0 {
		return Errorf(CodeInvalidRequest, "", "rejected message")
	}
	return &e
}

// scanEnvelope reads a JSON object leniently, byte by byte, keeping only its
// top-level "id" and whether it has "method", "result" or "error". It never
// holds more than a few bytes, so it copes with any size.
func scanEnvelope(r io.ByteReader) envelope {
	var (
		env                      envelope
		depth                    int
		inStr, esc, keyCandidate bool
		str                      []byte
		hasMethod, hasResult     bool
	)
	for {
		b, err := r.ReadByte()
		if err != nil {
			break
		}
		if inStr {
			switch {
			case esc:
				esc = false
			case b == '\\':
				esc = true
			case b == '"':
				inStr = false
				keyCandidate = depth == 1
				continue
			}
			if depth == 1 && len(str) < 16 {
				str = append(str, b)
			}
			continue
		}
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		case '"':
			inStr, str = true, str[:0]
		case ':':
			if keyCandidate {
				switch string(str) {
				case "id":
					var end byte
					env.id, end = scanValue(r)
					switch end {
					case '{', '[':
						depth++
					case '}', ']':
						depth--
					}
				case "method":
					hasMethod = true
				case "result", "error":
					hasResult = true
				}
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
		keyCandidate = false
	}
	env.isResponse = hasResult && !hasMethod
	return env
}

// scanValue reads a short scalar JSON value (an id) and the byte that ended
// it. A value longer than 256 bytes, or an object or array, is no id.
func scanValue(r io.ByteReader) (raw []byte, end byte) {
	var b byte
	var err error
	for {
		if b, err = r.ReadByte(); err != nil {
			return nil, 0
		}
		if b != ' ' && b != '\t' && b != '\r' && b != '\n' {
			break
		}
	}
	if b == '"' {
		raw = append(raw, b)
		esc := false
		for len(raw) <= 256 {
			if b, err = r.ReadByte(); err != nil {
				return nil, 0
			}
			raw = append(raw, b)
			switch {
			case esc:
				esc = false
			case b == '\\':
				esc = true
			case b == '"':
				return raw, 0
			}
		}
		return nil, 0
	}
	for len(raw) <= 256 {
		switch b {
		case ',', '}', ']', ' ', '\t', '\r', '\n', '{', '[':
			if b == '{' || b == '[' || len(raw) == 0 {
				return nil, b
			}
			return raw, b
		}
		raw = append(raw, b)
		if b, err = r.ReadByte(); err != nil {
			return raw, 0
		}
	}
	return nil, 0
}
