package module

import (
	"regexp"

	"osaddon/plugin/catalog"
	"osaddon/plugin/syncplan"
	"osaddon/rpc"
)

// paramLink is how a connection names the service's "Operating system"
// parameter, decided by initialize. The zero value is protocol 1: the
// template is the service's os_template, changes return "os_template" and
// no tariff is checked.
type paramLink struct {
	// name is the parameter's internal name (protocol 2), or empty.
	name string
}

// paramName is the name changes return the template under.
func (l paramLink) paramName() string {
	if l.name == "" {
		return rpc.LegacyOSParam
	}
	return l.name
}

// osParamPattern is what a parameter's internal name may be: BILLmanager's
// internal names are identifiers.
var osParamPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]{0,63}$`)

// linkFor is the link initialize's params ask for.
func linkFor(p *rpc.InitializeParams) (paramLink, error) {
	if p.ProtocolVersion < 2 {
		if p.OSParam != "" {
			return paramLink{}, rpc.Errorf(rpc.CodeInvalidParams, "os_param", "needs protocol_version 2, got %d", p.ProtocolVersion)
		}
		return paramLink{}, nil
	}
	name := p.OSParam
	if name == "" {
		name = rpc.DefaultOSParam
	}
	if !osParamPattern.MatchString(name) {
		return paramLink{}, rpc.Errorf(rpc.CodeInvalidParams, "os_param",
			"%q is no parameter internal name (a letter or _, then up to 63 letters, digits, _ . -)", clip(name))
	}
	return paramLink{name: name}, nil
}

// tariff converts a tariff and, in protocol 2, checks that its add-on is
// linked to the "Operating system" parameter: BILLmanager links an add-on
// to the parameter of the same internal name.
func (m *Module) tariff(t rpc.Tariff, field string) (catalog.Tariff, error) {
	out, err := tariffFromWire(t, field)
	if err != nil || m.link.name == "" || out.Addon.InternalName == m.link.name {
		return out, err
	}
	return catalog.Tariff{}, rpc.Errorf(rpc.CodeInvalidCatalog, field+".addon.internal_name",
		"the add-on's internal name %q is not the \"Operating system\" parameter's %q: the add-on must be named after the parameter",
		clip(out.Addon.InternalName), m.link.name)
}

// service converts a service, reading its installed template where the
// protocol carries it.
func (m *Module) service(s rpc.Service, field string) (syncplan.Service, error) {
	template := s.OSTemplate
	if m.link.name != "" {
		if s.OSTemplate != "" {
			return syncplan.Service{}, rpc.Errorf(rpc.CodeInvalidParams, field+".os_template",
				"protocol version 2 carries the template in %s.params.%s", field, m.link.name)
		}
		template = s.Params[m.link.name]
	}
	return serviceFromWire(s, template, field)
}
