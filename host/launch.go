package host

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-plugin/runner"

	"osaddon/rpc"
)

// Launch verifies, starts and initializes the module. On any error nothing
// is left running.
func Launch(ctx context.Context, opts Options) (*Client, error) {
	opts.defaults()
	if opts.SHA256 == "" && !opts.SkipChecksum {
		return nil, ErrNoChecksum
	}
	execPath := opts.Path
	if opts.SHA256 != "" {
		var err error
		if execPath, err = verifiedExecutable(opts.Path, opts.SHA256); err != nil {
			return nil, err
		}
	}
	args := opts.Args
	if opts.ConfigPath != "" {
		args = append([]string{"--config", opts.ConfigPath}, args...)
	}
	cmd := exec.Command(execPath, args...)
	cmd.Args[0] = opts.Path // what ps shows, not /proc/self/fd/N
	dieWithHost(cmd)
	var (
		proc *process
		gp   *goplugin.Client
		err  error
	)
	switch opts.Mode {
	case ModeStdio:
		proc, err = startStdio(cmd, opts)
	default:
		proc, gp, err = startGoPlugin(cmd, opts)
	}
	if err != nil {
		return nil, err
	}
	c := newClient(ctx, pipe{Reader: proc.stdout, WriteCloser: proc.stdin}, opts)
	c.proc, c.plugin = proc, gp
	initCtx, cancel := context.WithTimeout(ctx, opts.StartTimeout)
	defer cancel()
	info, err := c.Initialize(initCtx, &rpc.InitializeParams{
		ProtocolVersion: rpc.ProtocolVersion,
		Host:            rpc.Peer{Name: opts.Name, Version: opts.Version},
	})
	if err != nil {
		c.Kill()
		return nil, fmt.Errorf("host: initialize: %w", err)
	}
	opts.Logger.Debug("module launched", "mode", opts.Mode.String(), "pid", proc.ID(), "module_version", info.Module.Version)
	return c, nil
}

// startStdio execs the module with plain pipes and forwards its stderr.
func startStdio(cmd *exec.Cmd, opts Options) (*process, error) {
	cmd.Env = append(cmd.Environ(), opts.Env...)
	proc, err := newProcess(cmd)
	if err != nil {
		return nil, err
	}
	if err := proc.Start(context.Background()); err != nil {
		return nil, fmt.Errorf("host: start module: %w", err)
	}
	go func() {
		// Wait closes stderr: it must come after the last line is read,
		// so that Done means the module's log has been forwarded.
		forwardLogs(proc.stderr, opts.Logger.Named("module"))
		proc.Wait(context.Background())
	}()
	return proc, nil
}

// startGoPlugin launches the module through go-plugin. go-plugin reads the
// handshake line, forwards stderr logs and owns the process; the JSON-RPC
// connection then runs on the same stdout and stdin.
func startGoPlugin(cmd *exec.Cmd, opts Options) (*process, *goplugin.Client, error) {
	var proc *process
	client := goplugin.NewClient(&goplugin.ClientConfig{
		HandshakeConfig:  rpc.Handshake,
		Plugins:          goplugin.PluginSet{},
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolNetRPC},
		Logger:           opts.Logger.Named("module"),
		StartTimeout:     opts.StartTimeout,
		SyncStdout:       strayOutput{opts.Logger},
		SyncStderr:       strayOutput{opts.Logger},
		RunnerFunc: func(_ hclog.Logger, spec *exec.Cmd, _ string) (runner.Runner, error) {
			// spec carries go-plugin's environment: the cookie and the
			// socket directory.
			cmd.Env = append(spec.Env, opts.Env...)
			var err error
			proc, err = newProcess(cmd)
			return proc, err
		},
	})
	if _, err := client.Start(); err != nil {
		client.Kill()
		return nil, nil, fmt.Errorf("host: start module: %w", err)
	}
	// Connect go-plugin's control channel: it carries graceful kill and
	// drains anything the module prints to its replaced stdout.
	if _, err := client.Client(); err != nil {
		client.Kill()
		return nil, nil, fmt.Errorf("host: connect to module: %w", err)
	}
	return proc, client, nil
}

// strayOutput logs what the module wrote to os.Stdout or os.Stderr after
// go-plugin replaced them: never protocol, always a bug worth seeing.
type strayOutput struct{ log hclog.Logger }

func (s strayOutput) Write(p []byte) (int, error) {
	for line := range strings.Lines(string(p)) {
		s.log.Warn("module wrote outside the protocol", "line", strings.TrimRight(line, "\n"))
	}
	return len(p), nil
}

var _ io.Writer = strayOutput{}
