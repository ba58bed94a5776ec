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
	if data, ok := appendMessage(nil, obj); ok {
		return writeFrame(w, data)
	}
	data, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	if bytes.HasPrefix(data, nullIDPrefix) {
		data = append([]byte(`{"id":null`), data[len(nullIDPrefix):]...)
	}
	return writeFrame(w, data)
}

func writeFrame(w io.Writer, data []byte) error {
	var header [64]byte
	h := append(strconv.AppendInt(append(header[:0], "Content-Length: "...), int64(len(data)), 10), "\r\n\r\n"...)
	if _, err := w.Write(h); err != nil {
		return err
	}
	_, err := w.Write(data)
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
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return fmt.Errorf("rpc: stream ended inside a %d-byte message: %w", n, io.ErrUnexpectedEOF)
		}
		return err
	}
	if readMessage(body, v) {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		env := scanEnvelope(bytes.NewReader(body))
		code, msg := CodeInvalidRequest, "not a JSON-RPC 2.0 request or response object"
		switch {
		case nestedDeeper(body, MaxJSONDepth):
			code, msg = CodeParseError, fmt.Sprintf("JSON nested deeper than %d levels", MaxJSONDepth)
		case !json.Valid(body):
			code, msg = CodeParseError, "malformed JSON"
		}
		return env.substitute(v, code, msg)
	}
	return nil
}

// MaxJSONDepth is the deepest nesting of a message body that is decoded:
// encoding/json's own limit, given its own error message here.
const MaxJSONDepth = 10000

// nestedDeeper reports whether body nests arrays and objects deeper than
// limit, strings aside.
func nestedDeeper(body []byte, limit int) bool {
	depth, inStr, esc := 0, false, false
	for _, b := range body {
		switch {
		case esc:
			esc = false
		case inStr:
			esc, inStr = b == '\\', b != '"'
		case b == '"':
			inStr = true
		case b == '{' || b == '[':
			if depth++; depth > limit {
				return true
			}
		case b == '}' || b == ']':
			depth--
		}
	}
	return false
}

// readHeader reads the header block and returns the Content-Length. The
// stream ending between two messages is io.EOF; inside a header block it
// is io.ErrUnexpectedEOF.
func readHeader(r *bufio.Reader) (int64, error) {
	var n int64 = -1
	for started := false; ; started = true {
		line, err := r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			return 0, fmt.Errorf("rpc: header line too long")
		}
		if err == io.EOF && (started || len(line) > 0) {
			return 0, fmt.Errorf("rpc: stream ended inside a header: %w", io.ErrUnexpectedEOF)
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

// Rejection returns the error to answer for a MethodRejected request.
func Rejection(req *jsonrpc2.Request) *Error {
	var e Error
	if req.Params == nil || json.Unmarshal(*req.Params, &e) != nil || e.Code == 0 {
		return Errorf(CodeInvalidRequest, "", "rejected message")
	}
	return &e
}
