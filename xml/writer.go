package xml

import (
	"bufio"
	stdxml "encoding/xml"
	"io"
	"strconv"
)

// docHeader opens every document the encoders write.
const docHeader = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<doc>\n"

// docWriter writes escaped elements to a buffered writer and keeps the
// first error.
type docWriter struct {
	w   *bufio.Writer
	err error
}

func newDocWriter(w io.Writer) *docWriter {
	d := &docWriter{w: bufio.NewWriter(w)}
	d.raw(docHeader)
	return d
}

func (d *docWriter) raw(s string) {
	if d.err == nil {
		_, d.err = d.w.WriteString(s)
	}
}

func (d *docWriter) escaped(s string) {
	if d.err == nil {
		d.err = stdxml.EscapeText(d.w, []byte(s))
	}
}

// text writes <name>value</name>.
func (d *docWriter) text(name, value string) {
	d.raw("<" + name + ">")
	d.escaped(value)
	d.raw("</" + name + ">")
}

// textIfSet writes <name>value</name> unless value is empty.
func (d *docWriter) textIfSet(name, value string) {
	if value != "" {
		d.text(name, value)
	}
}

// integer writes <name>n</name>.
func (d *docWriter) integer(name string, n int) {
	d.text(name, strconv.Itoa(n))
}

// close ends the document and flushes.
func (d *docWriter) close() error {
	d.raw("</doc>\n")
	if d.err == nil {
		d.err = d.w.Flush()
	}
	return d.err
}
