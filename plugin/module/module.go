package module

import (
	"context"

	"github.com/hashicorp/go-hclog"

	"osaddon/plugin/config"
	"osaddon/rpc"
)

// Name is the module's name, as BILLmanager names processing modules.
const Name = "pmosaddon"

// Version is the module's version, set at build time with
// -ldflags "-X osaddon/plugin/module.Version=...".
var Version = "dev"

// Module serves one connection.
type Module struct {
	rpc.UnimplementedModule
	cfg             *config.Config
	host            rpc.Host
	log             hclog.Logger
	maxMessageBytes int64
}

// New returns the module for one connection. cfg may be nil: the module
// then answers initialize and refuses calls that need a config.
func New(cfg *config.Config, host rpc.Host, log hclog.Logger) *Module {
	m := &Module{cfg: cfg, host: host, log: log, maxMessageBytes: rpc.DefaultMaxMessageBytes}
	if cfg != nil && cfg.Limits.MaxMessageBytes > 0 {
		m.maxMessageBytes = cfg.Limits.MaxMessageBytes
	}
	return m
}

// Features implements rpc.Module: the handlers this build serves.
func (m *Module) Features() []string { return []string{} }

// Initialize implements rpc.Module.
func (m *Module) Initialize(_ context.Context, p *rpc.InitializeParams) (*rpc.InitializeResult, error) {
	if p.ProtocolVersion != rpc.ProtocolVersion {
		return nil, rpc.Errorf(rpc.CodeUnsupportedProtocol, "protocol_version",
			"this module speaks protocol version %d, not %d", rpc.ProtocolVersion, p.ProtocolVersion)
	}
	m.log.Info("initialized", "host", p.Host.Name, "host_version", p.Host.Version)
	return &rpc.InitializeResult{
		ProtocolVersion:  rpc.ProtocolVersion,
		Module:           rpc.Peer{Name: Name, Version: Version},
		Features:         m.Features(),
		ItemTypes:        []string{"vds"},
		ConnectionParams: connectionParams,
		MaxMessageBytes:  m.maxMessageBytes,
		Configured:       m.cfg != nil,
	}, nil
}

// connectionParams describes a VMmanager connection in the config.
var connectionParams = []rpc.ConnectionParam{
	{Name: "name", Required: true, Description: "the connection's name, as services reference it"},
	{Name: "kind", Required: true, Description: "vmmanager5 or vmmanager6"},
	{Name: "url", Required: true, Description: "the panel's base URL, such as https://vm.example.com:1500"},
	{Name: "username", Required: true, Description: "the panel user (an email for VMmanager 6)"},
	{Name: "password", Required: true, Secret: true, Description: "the panel user's password"},
	{Name: "insecure_skip_verify", Description: "skip TLS verification; off by default"},
	{Name: "timeout", Description: "per-call timeout, such as 30s"},
}
