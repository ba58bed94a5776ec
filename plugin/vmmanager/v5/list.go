package v5

import (
	"context"
	"io"

	"osaddon/plugin/vmmanager"
	"osaddon/xml"
)

// callbackError carries the caller's own error out of the decoder untouched.
type callbackError struct{ err error }

func (e callbackError) Error() string { return e.err.Error() }

// ListVMs streams func=vm. The template is vmi, or ostemplate when vmi is
// empty. A VM is installing when it carries <installos/> or
// osinstalled=off; its state is passed on verbatim.
func (c *Client) ListVMs(ctx context.Context, fn func(vmmanager.VM) error) error {
	streamed := 0
	err := c.call(ctx, "vm", true, nil, func() bool { return streamed == 0 }, func(r io.Reader) error {
		return xml.DecodeVMList(r, c.lim, func(e xml.VMElem) error {
			streamed++
			if err := fn(vmFromElem(e)); err != nil {
				return callbackError{err}
			}
			return nil
		})
	})
	if cb, ok := err.(*vmmanager.Error); ok {
		if inner, ok := cb.Err.(callbackError); ok {
			return inner.err
		}
	}
	return err
}

func vmFromElem(e xml.VMElem) vmmanager.VM {
	vm := vmmanager.VM{ID: e.ID, Name: e.Name, IP: e.IP, CPUs: e.VCPU, Template: e.VMI}
	if vm.Template == "" {
		vm.Template = e.OSTemplate
	}
	vm.State, vm.Installing = e.State, e.Installing
	return vm
}

// FindByName returns the VMs named name. func=vm has no documented
// filter, so the whole list is read.
func (c *Client) FindByName(ctx context.Context, name string) ([]vmmanager.VM, error) {
	var out []vmmanager.VM
	err := c.ListVMs(ctx, func(vm vmmanager.VM) error {
		if vm.Name == name {
			out = append(out, vm)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListTemplates returns func=osmgr. VMmanager 5 names are already the
// internal names.
func (c *Client) ListTemplates(ctx context.Context) ([]vmmanager.Template, error) {
	var list []xml.OSElem
	err := c.call(ctx, "osmgr", true, nil, nil, func(r io.Reader) error {
		var err error
		list, err = xml.DecodeOSList(r, c.lim)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]vmmanager.Template, 0, len(list))
	for _, os := range list {
		out = append(out, vmmanager.Template{ID: os.ID, Name: os.Name, State: os.State})
	}
	return out, nil
}
