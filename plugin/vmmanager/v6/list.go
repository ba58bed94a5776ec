package v6

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
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

// templateNames maps os ids to internal names.
func (c *Client) templateNames(ctx context.Context) (map[string]string, error) {
	templates, err := c.ListTemplates(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(templates))
	for _, t := range templates {
		names[t.ID] = t.Name
	}
	return names, nil
}

// ListVMs loads the templates, then streams GET /vm/v3/host page by page.
// A VM whose os id is not in the os list has an empty Template.
//
// Whether a panel honours limit and offset is not documented, and public
// clients never page, so the listing is read defensively: a VM seen before
// is never handed to fn again, and reading stops after a short page, once
// "size" VMs were seen, or on a page that brings no new VM (a panel that
// ignores paging answers its whole list every time). Such a panel is thus
// read once, or twice when it sends no size.
func (c *Client) ListVMs(ctx context.Context, fn func(vmmanager.VM) error) error {
	names, err := c.templateNames(ctx)
	if err != nil {
		return err
	}
	size := c.PageSize
	if size <= 0 {
		size = DefaultPageSize
	}
	seen := map[string]struct{}{}
	for offset := 0; ; offset += size {
		path := "/vm/v3/host?limit=" + strconv.Itoa(size) + "&offset=" + strconv.Itoa(offset)
		var info listInfo
		fresh := 0
		err := c.call(ctx, "host", http.MethodGet, path, nil, true, func(r io.Reader) error {
			var err error
			fresh = 0
			info, err = decodeList(r, func(h hostJSON) error {
				if _, dup := seen[string(h.ID)]; dup {
					return nil
				}
				seen[string(h.ID)] = struct{}{}
				fresh++
				return fn(vmFromHost(h, names))
			})
			return err
		})
		if cb, ok := err.(cbError); ok {
			return cb.err
		}
		if err != nil {
			return err
		}
		if fresh < info.Items {
			c.t.Logger().Debug("panel repeated VMs across pages: it may ignore limit and offset", "offset", offset, "repeated", info.Items-fresh)
		}
		if fresh == 0 && info.Items > 0 && info.Size > len(seen) {
			// A page of repeats while the panel counts more VMs than were
			// read: reading on could loop, and stopping loses VMs.
			return c.t.Fail("host", vmmanager.ErrIncomplete, 0,
				fmt.Sprintf("the panel repeated a page at offset %d after %d of its %d VMs", offset, len(seen), info.Size), nil)
		}
		if info.Items < size || fresh == 0 || (info.Size >= 0 && len(seen) >= info.Size) {
			return nil
		}
	}
}

// FindByName returns the VMs named name, asking the panel to filter with
// where=(name EQ '…'). The answer is filtered again here, in case a panel
// ignores the filter; a name the filter cannot quote safely is looked up
// by listing every VM.
func (c *Client) FindByName(ctx context.Context, name string) ([]vmmanager.VM, error) {
	var out []vmmanager.VM
	keep := func(vm vmmanager.VM) error {
		if vm.Name == name {
			out = append(out, vm)
		}
		return nil
	}
	if !quotable(name) {
		return out, c.ListVMs(ctx, keep)
	}
	names, err := c.templateNames(ctx)
	if err != nil {
		return nil, err
	}
	path := "/vm/v3/host?where=" + url.QueryEscape("(name EQ '"+name+"')")
	err = c.call(ctx, "host", http.MethodGet, path, nil, true, func(r io.Reader) error {
		out = out[:0]
		_, err := decodeList(r, func(h hostJSON) error { return keep(vmFromHost(h, names)) })
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// quotable reports whether name can sit inside '…' in a where filter.
func quotable(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		ok := r == '-' || r == '_' || r == '.' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		if !ok {
			return false
		}
	}
	return true
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
// installed: during create or reinstall. Public sources do not list the
// states; these are the ones seen named for create and reinstall.
func installing(state string) bool {
	switch state {
	case "creating", "os_install", "installing", "reinstalling":
		return true
	}
	return false
}
