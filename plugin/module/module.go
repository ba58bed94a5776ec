package module

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/go-hclog"

	"osaddon/plugin/config"
	"osaddon/plugin/mapping"
	"osaddon/plugin/pricing"
	"osaddon/plugin/vmmanager"
	v5 "osaddon/plugin/vmmanager/v5"
	v6 "osaddon/plugin/vmmanager/v6"
	"osaddon/rpc"
)

// Name is the module's name, as BILLmanager names processing modules.
const Name = "pmosaddon"

// Version is the module's version, set at build time with
// -ldflags "-X osaddon/plugin/module.Version=...".
var Version = "dev"

// Module serves one conversation with the host.
type Module struct {
	cfg             *config.Config
	host            rpc.Host
	log             hclog.Logger
	maxMessageBytes int64
	policy          pricing.Policy
	mapper          *mapping.Mapper
	// panels are the VMmanager clients by connection name, built once, so
	// their sessions are reused across calls.
	panels map[string]vmmanager.Panel
	kinds  map[string]string
	// opening serialises the opens of one service.
	opening keyedLock
	// link names the service's "Operating system" parameter; initialize
	// sets it before any other call is served.
	link paramLink
}

// New returns the module for one conversation. cfg may be nil: the module
// then answers initialize and serves nothing else.
func New(cfg *config.Config, host rpc.Host, log hclog.Logger) *Module {
	m := &Module{cfg: cfg, host: host, log: log, maxMessageBytes: rpc.DefaultMaxMessageBytes,
		policy: pricing.DefaultPolicy(), panels: map[string]vmmanager.Panel{}, kinds: map[string]string{}}
	mapperCfg := mapping.DefaultConfig()
	if cfg != nil {
		if cfg.Limits.MaxMessageBytes > 0 {
			m.maxMessageBytes = cfg.Limits.MaxMessageBytes
		}
		m.policy, mapperCfg = cfg.Policy, cfg.Mapping
		for _, c := range cfg.Connections {
			panel, err := newPanel(c, log.Named(c.Name))
			if err != nil {
				log.Error("connection unusable", "connection", c.Name, "error", err)
				continue
			}
			m.panels[c.Name], m.kinds[c.Name] = panel, c.Kind
		}
	}
	mapper, err := mapping.New(mapperCfg)
	if err != nil { // config.Validate checked it; fall back to the defaults
		log.Error("mapping config unusable", "error", err)
		mapper, _ = mapping.New(mapping.DefaultConfig())
	}
	m.mapper = mapper
	return m
}

// newPanel builds the adapter for a connection's kind.
func newPanel(c vmmanager.Config, log hclog.Logger) (vmmanager.Panel, error) {
	if c.Kind == vmmanager.KindV5 {
		return v5.New(c, log)
	}
	return v6.New(c, log)
}

// Features implements rpc.Module: every handler. Without a config they
// answer rpc.CodeNotConfigured, which tells the operator what to do, where
// a missing feature would not.
func (m *Module) Features() []string {
	return append([]string(nil), rpc.HandlerMethods...)
}

// connectionNames returns the configured connection names, sorted.
func (m *Module) connectionNames() []string {
	names := make([]string, 0, len(m.panels))
	for name := range m.panels {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// panel returns the named connection's panel; field names the params
// field that chose it.
func (m *Module) panel(name, field string) (vmmanager.Panel, error) {
	if len(m.panels) == 0 {
		return nil, rpc.Errorf(rpc.CodeNotConfigured, "", "no VMmanager connection is configured: start the module with --config FILE")
	}
	p, ok := m.panels[name]
	if !ok {
		return nil, rpc.Errorf(rpc.CodeUnknownConnection, field, "no VMmanager connection is named %q", name)
	}
	return p, nil
}

// Initialize implements rpc.Module.
func (m *Module) Initialize(_ context.Context, p *rpc.InitializeParams) (*rpc.InitializeResult, error) {
	if !rpc.SupportedProtocol(p.ProtocolVersion) {
		return nil, rpc.Errorf(rpc.CodeUnsupportedProtocol, "protocol_version",
			"this module speaks protocol versions %d to %d, not %d", rpc.MinProtocolVersion, rpc.ProtocolVersion, p.ProtocolVersion)
	}
	link, err := linkFor(p)
	if err != nil {
		return nil, err
	}
	m.link = link
	m.log.Info("initialized", "host", clip(p.Host.Name), "host_version", clip(p.Host.Version),
		"protocol_version", p.ProtocolVersion, "os_param", link.paramName())
	return &rpc.InitializeResult{
		ProtocolVersion:  p.ProtocolVersion,
		OSParam:          link.name,
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
	{Name: "retries", Description: "repeats of a failed idempotent call; 0 means none, left out means 3"},
	{Name: "cluster", Description: "VMmanager 6: the cluster id new VMs are created in; left out, the panel chooses"},
}

// maxLoggedText bounds a peer-supplied string in a log line: a host may
// send anything up to the message limit, and logs are not for payloads.
const maxLoggedText = 128

// clip returns s cut to maxLoggedText bytes, marked when cut.
func clip(s string) string {
	if len(s) <= maxLoggedText {
		return s
	}
	return s[:maxLoggedText] + fmt.Sprintf("…(%d bytes)", len(s))
}
