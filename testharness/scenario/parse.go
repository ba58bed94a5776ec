package scenario

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"osaddon/internal/strictyaml"
	"osaddon/plugin/vmmanager"
	"osaddon/rpc"
	"osaddon/testharness/schedule"
)

// MaxFileBytes is the largest scenario file accepted.
const MaxFileBytes = 4 << 20

// Error is a problem in a scenario file, at a line when one is known.
type Error struct {
	File  string
	Line  int
	Field string
	Msg   string
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Load reads and validates the scenario file at path.
func Load(path string) (*Scenario, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse decodes and validates a scenario document; name labels errors.
func Parse(name string, data []byte) (*Scenario, error) {
	if len(data) > MaxFileBytes {
		return nil, &Error{File: name, Msg: fmt.Sprintf("file exceeds %d bytes", MaxFileBytes)}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(name, err)
	}
	var s Scenario
	if err := strictyaml.Decode(data, &s); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{File: name, Msg: "empty document"}
		}
		// A bad time comes back from time.Time's UnmarshalText without a
		// line: find the value in the document instead.
		var pe *time.ParseError
		if errors.As(err, &pe) {
			if path, line := findScalar(&root, pe.Value, ""); line > 0 {
				return nil, &Error{File: name, Line: line, Field: path, Msg: fmt.Sprintf("%q is not an RFC 3339 time", pe.Value)}
			}
		}
		return nil, yamlError(name, err)
	}
	if err := s.validate(); err != nil {
		var fe *fieldError
		if errors.As(err, &fe) {
			return nil, &Error{File: name, Line: lineOf(&root, fe.path), Field: fe.path, Msg: fe.msg}
		}
		return nil, &Error{File: name, Msg: err.Error()}
	}
	if s.Cron == "" {
		s.Cron = schedule.SyncServer
	}
	return &s, nil
}

// yamlError turns yaml.v3's errors, which already carry "line N", into an
// *Error.
func yamlError(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, after, ok := strings.Cut(rest, ":"); ok {
			if v, err := strconv.Atoi(n); err == nil {
				line, msg = v, strings.TrimSpace(after)
			}
		}
	}
	return &Error{File: name, Line: line, Msg: msg}
}

// fieldError is a validation failure at a dotted path such as
// "events[2].top_up.amount".
type fieldError struct{ path, msg string }

func (e *fieldError) Error() string { return e.path + ": " + e.msg }

func bad(path, format string, args ...any) error {
	return &fieldError{path: path, msg: fmt.Sprintf(format, args...)}
}

// lineOf finds the line of a dotted path in the document, or the line of
// its nearest ancestor found.
func lineOf(root *yaml.Node, path string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, part := range strings.Split(path, ".") {
		name, idx := part, -1
		if i := strings.IndexByte(part, '['); i >= 0 {
			name = part[:i]
			idx, _ = strconv.Atoi(strings.TrimSuffix(part[i+1:], "]"))
		}
		next := child(n, name)
		if next == nil {
			return line
		}
		n, line = next, next.Line
		if idx >= 0 {
			if n.Kind != yaml.SequenceNode || idx >= len(n.Content) {
				return line
			}
			n, line = n.Content[idx], n.Content[idx].Line
		}
	}
	return line
}

// findScalar returns the dotted path and line of the first scalar whose
// value is value, or a zero line when there is none.
func findScalar(n *yaml.Node, value, path string) (string, int) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			if p, line := findScalar(c, value, path); line > 0 {
				return p, line
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := n.Content[i].Value
			if path != "" {
				p = path + "." + p
			}
			if p, line := findScalar(n.Content[i+1], value, p); line > 0 {
				return p, line
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if p, line := findScalar(c, value, fmt.Sprintf("%s[%d]", path, i)); line > 0 {
				return p, line
			}
		}
	case yaml.ScalarNode:
		if n.Value == value {
			return path, n.Line
		}
	}
	return "", 0
}

func child(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// validate checks what the decoder cannot: required fields, references,
// money, and that each event does exactly one thing.
func (s *Scenario) validate() error {
	switch {
	case s.Name == "":
		return bad("name", "required")
	case s.Start.IsZero():
		return bad("start", "required")
	case !s.End.After(s.Start):
		return bad("end", "must be after start")
	}
	if s.Cron != "" {
		if _, err := schedule.Parse(s.Cron); err != nil {
			return bad("cron", "%v", err)
		}
	}
	if err := s.validatePanel(); err != nil {
		return err
	}
	if err := s.validateModule(); err != nil {
		return err
	}
	tariffs, err := s.validateTariffs()
	if err != nil {
		return err
	}
	accounts := map[string]bool{}
	for i, a := range s.Accounts {
		p := fmt.Sprintf("accounts[%d]", i)
		if a.ID == "" {
			return bad(p+".id", "required")
		}
		if accounts[a.ID] {
			return bad(p+".id", "duplicate account %q", a.ID)
		}
		accounts[a.ID] = true
		if err := checkCurrency(a.Currency); err != nil {
			return bad(p+".currency", "%v", err)
		}
		if err := amount(p+".balance", a.Balance, true); err != nil {
			return err
		}
		if a.CreditLimit != "" {
			if err := amount(p+".credit_limit", a.CreditLimit, false); err != nil {
				return err
			}
		}
	}
	services := map[string]bool{}
	for i, sv := range s.Services {
		p := fmt.Sprintf("services[%d]", i)
		switch {
		case sv.ID == "":
			return bad(p+".id", "required")
		case services[sv.ID]:
			return bad(p+".id", "duplicate service %q", sv.ID)
		case !accounts[sv.Account]:
			return bad(p+".account", "unknown account %q", sv.Account)
		case tariffs[sv.Tariff] == nil:
			return bad(p+".tariff", "unknown tariff %q", sv.Tariff)
		case sv.PeriodMonths <= 0:
			return bad(p+".period_months", "must be positive")
		case sv.PeriodStart.IsZero():
			return bad(p+".period_start", "required")
		case sv.AddonValue == "":
			return bad(p+".addon_value", "required")
		}
		switch sv.Status {
		case "", "active", "suspended", "closed", "ordered":
		default:
			return bad(p+".status", "%q is not ordered, active, suspended or closed", sv.Status)
		}
		services[sv.ID] = true
	}
	for i, e := range s.Events {
		if err := e.validate(fmt.Sprintf("events[%d]", i), s, accounts, services, tariffs); err != nil {
			return err
		}
	}
	for k, v := range s.Expect.Balances {
		if !accounts[k] {
			return bad("expect.balances."+k, "unknown account")
		}
		if err := amount("expect.balances."+k, v, true); err != nil {
			return err
		}
	}
	for i, l := range s.Expect.Ledger {
		p := fmt.Sprintf("expect.ledger[%d]", i)
		if l.Kind != "charge" && l.Kind != "refund" {
			return bad(p+".kind", "%q is not charge or refund", l.Kind)
		}
		if err := amount(p+".amount", l.Amount, false); err != nil {
			return err
		}
	}
	return nil
}

func (s *Scenario) validatePanel() error {
	switch s.Panel.Kind {
	case vmmanager.KindV5, vmmanager.KindV6:
	default:
		return bad("panel.kind", "%q is not %s or %s", s.Panel.Kind, vmmanager.KindV5, vmmanager.KindV6)
	}
	if s.Panel.Connection == "" {
		return bad("panel.connection", "required")
	}
	seen := map[string]bool{}
	for i, vm := range s.Panel.VMs {
		p := fmt.Sprintf("panel.vms[%d]", i)
		if vm.ID == "" {
			return bad(p+".id", "required")
		}
		if seen[vm.ID] {
			return bad(p+".id", "duplicate VM %q", vm.ID)
		}
		seen[vm.ID] = true
		if strings.TrimSpace(vm.State) != vm.State || strings.ContainsAny(vm.State, " \t") {
			return bad(p+".state", "%q is not one word: use running, stopped, installing, or a word the panel reports", vm.State)
		}
	}
	if s.Panel.Generate < 0 || s.Panel.Generate > maxGenerated {
		return bad("panel.generate", "must be within 0..%d", maxGenerated)
	}
	if s.Panel.IgnorePaging && s.Panel.Kind != vmmanager.KindV6 {
		return bad("panel.ignore_paging", "only a %s panel pages its VM list", vmmanager.KindV6)
	}
	return nil
}

// maxGenerated bounds panel.generate.
const maxGenerated = 100_000

func (s *Scenario) validateModule() error {
	if s.Module.Policy.Kind != 0 {
		if err := checkPolicy(&s.Module.Policy); err != nil {
			return bad("module.policy", "%v", err)
		}
	}
	if s.Module.Mapping.Kind != 0 {
		if err := checkMapping(&s.Module.Mapping); err != nil {
			return bad("module.mapping", "%v", err)
		}
	}
	return nil
}

func (s *Scenario) validateTariffs() (map[string]*rpc.Tariff, error) {
	tariffs := map[string]*rpc.Tariff{}
	for i := range s.Tariffs {
		t := &s.Tariffs[i]
		p := fmt.Sprintf("tariffs[%d]", i)
		if t.ID == "" {
			return nil, bad(p+".id", "required")
		}
		if tariffs[t.ID] != nil {
			return nil, bad(p+".id", "duplicate tariff %q", t.ID)
		}
		tariffs[t.ID] = t
		for j, v := range t.Addon.Values {
			for k, pr := range v.Prices {
				pp := fmt.Sprintf("%s.addon.values[%d].prices[%d]", p, j, k)
				if err := checkCurrency(pr.Currency); err != nil {
					return nil, bad(pp+".currency", "%v", err)
				}
				if err := amount(pp+".amount", string(pr.Amount), false); err != nil {
					return nil, err
				}
			}
		}
	}
	return tariffs, nil
}

func (e *Event) validate(p string, s *Scenario, accounts, services map[string]bool, tariffs map[string]*rpc.Tariff) error {
	if e.At.IsZero() {
		return bad(p+".at", "required")
	}
	if e.At.Before(s.Start) || e.At.After(s.End) {
		return bad(p+".at", "%s is outside start..end", e.At.Format("2006-01-02T15:04Z07:00"))
	}
	n := 0
	for _, set := range []bool{e.Reinstall != nil, e.Installing != nil, e.TopUp != nil, e.Node != "", e.SetPrice != nil,
		e.SetParam != nil, e.Sync != nil, e.Order != nil, e.Fault != nil, e.Suspend != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return bad(p, "an event does exactly one of reinstall, installing, top_up, node, set_price, setparam, sync, order, fault, suspend (it does %d)", n)
	}
	switch {
	case e.Reinstall != nil && (e.Reinstall.VM == "" || e.Reinstall.Template == ""):
		return bad(p+".reinstall", "vm and template are required")
	case e.Installing != nil && e.Installing.VM == "":
		return bad(p+".installing.vm", "required")
	case e.TopUp != nil && !accounts[e.TopUp.Account]:
		return bad(p+".top_up.account", "unknown account %q", e.TopUp.Account)
	case e.TopUp != nil:
		return amount(p+".top_up.amount", e.TopUp.Amount, false)
	case e.Node != "" && e.Node != "down" && e.Node != "up":
		return bad(p+".node", "%q is not down or up", e.Node)
	case e.SetPrice != nil && tariffs[e.SetPrice.Tariff] == nil:
		return bad(p+".set_price.tariff", "unknown tariff %q", e.SetPrice.Tariff)
	case e.SetPrice != nil:
		if err := checkCurrency(e.SetPrice.Currency); err != nil {
			return bad(p+".set_price.currency", "%v", err)
		}
		return amount(p+".set_price.amount", e.SetPrice.Amount, false)
	case e.SetParam != nil && !services[e.SetParam.Service]:
		return bad(p+".setparam.service", "unknown service %q", e.SetParam.Service)
	case e.SetParam != nil && e.SetParam.Tariff != "" && tariffs[e.SetParam.Tariff] == nil:
		return bad(p+".setparam.tariff", "unknown tariff %q", e.SetParam.Tariff)
	case e.SetParam != nil && e.SetParam.PeriodMonths < 0:
		return bad(p+".setparam.period_months", "must not be negative")
	case e.SetParam != nil && e.SetParam.OSTemplate == "" && e.SetParam.Tariff == "" && e.SetParam.PeriodMonths == 0:
		return bad(p+".setparam.os_template", "required, unless tariff or period_months moves the service")
	case e.Order != nil && !services[e.Order.Service]:
		return bad(p+".order.service", "unknown service %q", e.Order.Service)
	case e.Order != nil && e.Order.Template == "":
		return bad(p+".order.template", "required")
	case e.Order != nil && e.Order.Expect != nil && e.Order.Expect.PanelRequests != nil && *e.Order.Expect.PanelRequests < 0:
		return bad(p+".order.expect.panel_requests", "must not be negative")
	case e.Fault != nil:
		return e.Fault.validate(p + ".fault")
	case e.Suspend != nil && !services[e.Suspend.Service]:
		return bad(p+".suspend.service", "unknown service %q", e.Suspend.Service)
	case e.Suspend != nil && e.Suspend.ExpectCode > 0:
		return bad(p+".suspend.expect_code", "%d is not a JSON-RPC error code (they are negative)", e.Suspend.ExpectCode)
	case e.Sync != nil && e.Sync.Expect != nil && e.Sync.Expect.VMs < 0:
		return bad(p+".sync.expect.vms", "must not be negative")
	}
	return nil
}

func (f *Fault) validate(p string) error {
	switch f.Kind {
	case FaultTruncate, FaultMalformed, FaultExpireSessions, FaultLostCreate:
	case FaultTaskFail:
		if f.Output == "" {
			return bad(p+".output", "required: what the failing task says")
		}
	case FaultStatus:
		if f.Status < 400 || f.Status > 599 {
			return bad(p+".status", "%d is not an HTTP error status", f.Status)
		}
	default:
		return bad(p+".kind", "%q is not %s, %s, %s, %s, %s or %s", f.Kind, FaultTruncate, FaultMalformed, FaultStatus,
			FaultExpireSessions, FaultTaskFail, FaultLostCreate)
	}
	if f.Count < 0 || (f.Count == 0 && f.Kind != FaultExpireSessions) {
		return bad(p+".count", "must be positive")
	}
	return nil
}

// amount checks a decimal string; negative only where allowed.
func amount(path, s string, negativeOK bool) error {
	d, err := parseAmount(s)
	if err != nil {
		return bad(path, "%v", err)
	}
	if d.IsNegative() && !negativeOK {
		return bad(path, "must not be negative")
	}
	return nil
}
