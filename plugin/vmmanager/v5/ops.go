package v5

import (
	"context"
	"io"
	"net/url"
	"strconv"
	"strings"

	"osaddon/plugin/vmmanager"
	"osaddon/xml"
)

// Create runs vm.edit with sok=ok, once: it is never retried. As the
// public clients do, it repeats the password as confirm and sets osname to
// the template's short name.
func (c *Client) Create(ctx context.Context, spec vmmanager.CreateSpec) (vmmanager.VM, error) {
	p := url.Values{
		"sok":      {"ok"},
		"name":     {spec.Name},
		"osname":   {shortName(spec.Template)},
		"vmi":      {spec.Template},
		"password": {spec.Password},
		"confirm":  {spec.Password},
	}
	if spec.User != "" {
		p.Set("user", spec.User)
	}
	if spec.Preset != "" {
		p.Set("preset", spec.Preset)
	} else {
		p.Set("vcpu", strconv.Itoa(spec.CPUs))
		p.Set("mem", strconv.Itoa(spec.RAMMiB))
		p.Set("vsize", strconv.Itoa(spec.DiskMiB))
	}
	var id string
	err := c.call(ctx, "vm.edit", false, p, nil, func(r io.Reader) error {
		var err error
		id, err = xml.DecodeCreated(r, c.lim)
		return err
	})
	if err != nil {
		return vmmanager.VM{}, err
	}
	return vmmanager.VM{ID: id, Name: spec.Name, Template: spec.Template, Installing: true, CPUs: spec.CPUs}, nil
}

// Reinstall runs vm.reinstall, once: a repeated reinstall would wipe the
// VM again.
func (c *Client) Reinstall(ctx context.Context, vmID, template, password string) error {
	p := url.Values{"elid": {vmID}, "vmi": {template}, "password": {password}, "confirm": {password}, "sok": {"ok"}}
	return c.call(ctx, "vm.reinstall", false, p, nil, c.decodeOK)
}

// Start runs vm.start.
func (c *Client) Start(ctx context.Context, vmID string) error {
	return c.call(ctx, "vm.start", true, url.Values{"elid": {vmID}}, nil, c.decodeOK)
}

// Stop runs vm.stop.
func (c *Client) Stop(ctx context.Context, vmID string) error {
	return c.call(ctx, "vm.stop", true, url.Values{"elid": {vmID}}, nil, c.decodeOK)
}

// Delete runs vm.delete.
func (c *Client) Delete(ctx context.Context, vmID string) error {
	return c.call(ctx, "vm.delete", true, url.Values{"elid": {vmID}}, nil, c.decodeOK)
}

// Check logs in afresh and lists the templates, the cheapest call that
// proves both the credentials and the API work.
func (c *Client) Check(ctx context.Context) error {
	c.session.Reset()
	_, err := c.ListTemplates(ctx)
	return err
}

func (c *Client) decodeOK(r io.Reader) error {
	return xml.DecodeOK(r, c.lim)
}

// shortName is a template's name without its repository:
// ISPsystem__CentOS-7-amd64 gives CentOS-7-amd64.
func shortName(template string) string {
	if i := strings.LastIndex(template, "__"); i >= 0 {
		return template[i+2:]
	}
	return template
}
