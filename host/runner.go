package host

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"strconv"
)

// process is the module's process and its pipes. It implements go-plugin's
// runner.Runner so that go-plugin reads only the handshake line from stdout;
// every byte after it is JSON-RPC, read from the same buffered reader.
type process struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
	stderr io.ReadCloser
	done   chan struct{} // closed when Wait returns
	err    error         // Wait's error, set before done is closed
}

func newProcess(cmd *exec.Cmd) (*process, error) {
	cmd.Stdin = nil
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	return &process{cmd: cmd, stdin: stdin, stdout: bufio.NewReaderSize(stdout, 64<<10), stderr: stderr,
		done: make(chan struct{})}, nil
}

// Start implements runner.Runner.
func (p *process) Start(context.Context) error { return p.cmd.Start() }

// Diagnose implements runner.Runner.
func (p *process) Diagnose(context.Context) string { return "" }

// Stdout implements runner.Runner: it yields the handshake line, then EOF.
func (p *process) Stdout() io.ReadCloser { return io.NopCloser(&firstLine{r: p.stdout}) }

// Stderr implements runner.Runner.
func (p *process) Stderr() io.ReadCloser { return p.stderr }

// Name implements runner.Runner: the module's path as the host gave it.
func (p *process) Name() string { return p.cmd.Args[0] }

// Wait implements runner.Runner. Only one goroutine calls it.
func (p *process) Wait(context.Context) error {
	p.err = p.cmd.Wait()
	close(p.done)
	return p.err
}

// Kill implements runner.Runner.
func (p *process) Kill(context.Context) error {
	if err := p.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	return nil
}

// ID implements runner.Runner.
func (p *process) ID() string {
	if p.cmd.Process == nil {
		return ""
	}
	return strconv.Itoa(p.cmd.Process.Pid)
}

// PluginToHost implements runner.Runner: same machine, same addresses.
func (p *process) PluginToHost(network, addr string) (string, string, error) {
	return network, addr, nil
}

// HostToPlugin implements runner.Runner.
func (p *process) HostToPlugin(network, addr string) (string, string, error) {
	return network, addr, nil
}

// firstLine reads up to and including the first newline, then reports EOF.
type firstLine struct {
	r    *bufio.Reader
	done bool
}

func (f *firstLine) Read(b []byte) (int, error) {
	if f.done {
		return 0, io.EOF
	}
	n := 0
	for n < len(b) {
		c, err := f.r.ReadByte()
		if err != nil {
			return n, err
		}
		b[n] = c
		n++
		if c == '\n' {
			f.done = true
			break
		}
	}
	return n, nil
}

// pipe joins the module's stdout (reader) and stdin (writer) into the
// host's end of the connection. Closing it closes stdin: the module sees
// EOF, cancels what is in flight, and exits.
type pipe struct {
	io.Reader
	io.WriteCloser
}
