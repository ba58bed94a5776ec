package v6

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"time"

	"osaddon/plugin/vmmanager"
)

// templateID resolves an internal template name to the panel's os id.
func (c *Client) templateID(ctx context.Context, op, name string) (int, error) {
	list, err := c.ListTemplates(ctx)
	if err != nil {
		return 0, err
	}
	for _, t := range list {
		if t.Name == name {
			id, err := atoiOS(t.ID)
			if err != nil {
				return 0, c.t.Fail(op, vmmanager.ErrMalformed, 0, "template id is not a number", err)
			}
			return id, nil
		}
	}
	return 0, c.t.Fail(op, vmmanager.ErrUnknownTemplate, 0, "no template named "+name, nil)
}

// Create posts a new host, once: it is never retried.
func (c *Client) Create(ctx context.Context, spec vmmanager.CreateSpec) (vmmanager.VM, error) {
	osID, err := c.templateID(ctx, "create", spec.Template)
	if err != nil {
		return vmmanager.VM{}, err
	}
	in := createJSON{Name: spec.Name, OS: osID, Password: spec.Password, Preset: spec.Preset, Account: spec.User}
	if spec.Preset == "" {
		in.CPUNumber, in.RAMMiB, in.HDDMiB = spec.CPUs, spec.RAMMiB, spec.DiskMiB
	}
	var out taskAnswer
	err = c.call(ctx, "create", http.MethodPost, "/vm/v3/host", in, false, decodeInto(&out))
	if err != nil {
		return vmmanager.VM{}, err
	}
	return vmmanager.VM{ID: string(out.ID), Name: spec.Name, Template: spec.Template, Installing: true, CPUs: spec.CPUs}, nil
}

// Reinstall posts a reinstall, once: a repeated reinstall would wipe the VM
// again.
func (c *Client) Reinstall(ctx context.Context, vmID, template, password string) error {
	osID, err := c.templateID(ctx, "reinstall", template)
	if err != nil {
		return err
	}
	var out taskAnswer
	return c.call(ctx, "reinstall", http.MethodPost, hostPath(vmID)+"/reinstall",
		reinstallJSON{OS: osID, Password: password}, false, decodeInto(&out))
}

// Start powers the host on and waits for the task.
func (c *Client) Start(ctx context.Context, vmID string) error {
	return c.runTask(ctx, "start", http.MethodPost, hostPath(vmID)+"/start")
}

// Stop powers the host off and waits for the task.
func (c *Client) Stop(ctx context.Context, vmID string) error {
	return c.runTask(ctx, "stop", http.MethodPost, hostPath(vmID)+"/stop")
}

// Delete removes the host and waits for the task.
func (c *Client) Delete(ctx context.Context, vmID string) error {
	return c.runTask(ctx, "delete", http.MethodDelete, hostPath(vmID))
}

// Check logs in afresh and lists the templates.
func (c *Client) Check(ctx context.Context) error {
	c.session.Reset()
	_, err := c.ListTemplates(ctx)
	return err
}

func hostPath(vmID string) string { return "/vm/v3/host/" + url.PathEscape(vmID) }

func decodeInto(v any) func(io.Reader) error {
	return func(r io.Reader) error { return json.NewDecoder(r).Decode(v) }
}

// runTask sends an idempotent operation and waits for its task.
func (c *Client) runTask(ctx context.Context, op, method, path string) error {
	var out taskAnswer
	if err := c.call(ctx, op, method, path, nil, true, decodeInto(&out)); err != nil {
		return err
	}
	if out.Task == "" {
		return nil
	}
	return c.waitTask(ctx, op, string(out.Task))
}

// waitTask polls /vm/v3/task until the task completes or fails, at most
// TaskTimeout.
func (c *Client) waitTask(ctx context.Context, op, task string) error {
	ctx, cancel := context.WithTimeout(ctx, c.TaskTimeout)
	defer cancel()
	poll := max(c.t.Config().Backoff, time.Millisecond)
	path := "/vm/v3/task?where=" + url.QueryEscape("id EQ "+task)
	for {
		var status, output string
		err := c.call(ctx, op+".task", http.MethodGet, path, nil, true, func(r io.Reader) error {
			_, err := decodeList(r, func(t taskJSON) error {
				status, output = t.Status, t.Output
				return nil
			})
			return err
		})
		if err != nil {
			return err
		}
		switch status {
		case "complete":
			return nil
		case "failed":
			return c.t.Fail(op, vmmanager.ErrRejected, 0, "task "+task+" failed: "+output, nil)
		case "":
			return c.t.Fail(op, vmmanager.ErrNotFound, 0, "task "+task+" not found", nil)
		}
		t := time.NewTimer(poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return c.t.Fail(op, vmmanager.ErrUnreachable, 0, "task "+task+" did not finish in time", ctx.Err())
		case <-t.C:
		}
	}
}
