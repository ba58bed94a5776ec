package v6

import (
	"context"
	"io"
	"net/http"
	"strconv"

	"osaddon/plugin/vmmanager"
)

// ListTemplates returns GET /vm/v3/os, named by vmmanager.V6TemplateName.
func (c *Client) ListTemplates(ctx context.Context) ([]vmmanager.Template, error) {
	var out []vmmanager.Template
	err := c.call(ctx, "os", http.MethodGet, "/vm/v3/os", nil, true, func(r io.Reader) error {
		out = out[:0]
		_, err := decodeList(r, func(o osJSON) error {
			out = append(out, vmmanager.Template{
				ID:    string(o.ID),
				Name:  vmmanager.V6TemplateName(string(o.Repository), o.Name),
				State: o.State,
			})
			return nil
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListVMs loads the templates, then streams GET /vm/v3/host page by page.
// A VM whose os id is not in the os list has an empty Template.
func (c *Client) ListVMs(ctx context.Context, fn func(vmmanager.VM) error) error {
	templates, err := c.ListTemplates(ctx)
	if err != nil {
		return err
	}
	names := make(map[string]string, len(templates))
	for _, t := range templates {
		names[t.ID] = t.Name
	}
	size := c.PageSize
	if size <= 0 {
		size = DefaultPageSize
	}
	for offset := 0; ; offset += size {
		path := "/vm/v3/host?limit=" + strconv.Itoa(size) + "&offset=" + strconv.Itoa(offset)
		var n int
		err := c.call(ctx, "host", http.MethodGet, path, nil, true, func(r io.Reader) error {
			var err error
			n, err = decodeList(r, func(h hostJSON) error { return fn(vmFromHost(h, names)) })
			return err
		})
		if cb, ok := err.(cbError); ok {
			return cb.err
		}
		if err != nil {
			return err
		}
		if n < size {
			return nil
		}
	}
}

func vmFromHost(h hostJSON, names map[string]string) vmmanager.VM {
	vm := vmmanager.VM{
		ID:         string(h.ID),
		Name:       h.Name,
		Template:   names[string(h.OS.ID)],
		State:      h.State,
		Installing: installing(h.State),
		CPUs:       h.CPUNumber,
	}
	if len(h.IP4) > 0 {
		vm.IP = h.IP4[0].IP
	}
	return vm
}

// installing reports whether a VMmanager 6 host state is one of an OS being
// installed: during create or reinstall.
func installing(state string) bool {
	switch state {
	case "creating", "os_install", "installing", "reinstalling":
		return true
	}
	return false
}
