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
// empty. An installing VM has State installing whatever else it reports.
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
