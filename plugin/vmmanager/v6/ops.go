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

// Create posts a new host, once: it is never retried. Then, as ISPsystem's
// own module does, it waits for the host_create task, all under one
// deadline of TaskTimeout: a task that ends in "fail" is a refusal carrying
// its output, and one not done in time answers ErrUnreachable (the host may
// exist: open finds it by name when it is repeated).
func (c *Client) Create(ctx context.Context, spec vmmanager.CreateSpec) (vmmanager.VM, error) {
	ctx, cancel := context.WithTimeout(ctx, c.TaskTimeout)
	defer cancel()
	osID, err := c.templateID(ctx, "create", spec.Template)
	if err != nil {
		return vmmanager.VM{}, err
	}
	in := createJSON{Name: spec.Name, OS: osID, Password: spec.Password, Preset: spec.Preset, Account: spec.User,
		Cluster: c.t.Config().Cluster}
	if spec.Preset == "" {
		in.CPUNumber, in.RAMMiB, in.HDDMiB = spec.CPUs, spec.RAMMiB, spec.DiskMiB
	}
	var out taskAnswer
	err = c.call(ctx, "create", http.MethodPost, "/vm/v3/host", in, false, decodeInto(&out))
	if err != nil {
		return vmmanager.VM{}, err
	}
	if out.Task != "" {
		if err := c.waitTask(ctx, "create", "host_create", string(out.Task)); err != nil {
			return vmmanager.VM{}, err
		}
	}
	// What the panel lists decides billing; a VM just built counts as
	// installing until then.
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

// Start powers the host on and waits for its host_start task.
func (c *Client) Start(ctx context.Context, vmID string) error {
	return c.runTask(ctx, "start", "host_start", http.MethodPost, hostPath(vmID)+"/start")
}

// Stop powers the host off and waits for its host_stop task.
func (c *Client) Stop(ctx context.Context, vmID string) error {
	return c.runTask(ctx, "stop", "host_stop", http.MethodPost, hostPath(vmID)+"/stop")
}

// Delete removes the host and waits for its host_delete task.
func (c *Client) Delete(ctx context.Context, vmID string) error {
	return c.runTask(ctx, "delete", "host_delete", http.MethodDelete, hostPath(vmID))
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

// runTask sends an idempotent operation and waits for its task, all under
// one deadline of TaskTimeout.
func (c *Client) runTask(ctx context.Context, op, task, method, path string) error {
	ctx, cancel := context.WithTimeout(ctx, c.TaskTimeout)
	defer cancel()
	var out taskAnswer
	if err := c.call(ctx, op, method, path, nil, true, decodeInto(&out)); err != nil {
		return err
	}
	if out.Task == "" {
		return nil
	}
	return c.waitTask(ctx, op, task, string(out.Task))
}

// waitTask polls GET /vm/v3/task for the task with consul id consulID and
// name task, as ISPsystem's own module does: "complete" is done, "fail" is
// an error carrying the task's output, and anything else, a task not
// listed yet included, is still running. It gives up when ctx ends.
func (c *Client) waitTask(ctx context.Context, op, task, consulID string) error {
	poll := max(c.t.Config().Backoff, time.Millisecond)
	path := "/vm/v3/task?where=" + url.QueryEscape("((consul_id EQ '"+consulID+"') AND (name EQ '"+task+"'))")
	desc := "task " + task + " (consul id " + consulID + ")"
	listed := false
	for {
		var found *taskJSON
		err := c.call(ctx, op+".task", http.MethodGet, path, nil, true, func(r io.Reader) error {
			_, err := decodeList(r, func(t taskJSON) error {
				// A panel that ignores the filter answers other tasks too.
				if found == nil && (t.ConsulID == "" || string(t.ConsulID) == consulID) && (t.Name == "" || t.Name == task) {
					found = &t
				}
				return nil
			})
			return err
		})
		if err != nil {
			return err
		}
		if found != nil {
			listed = true
			switch found.Status {
			case "complete":
				return nil
			case "fail":
				msg := desc + " failed"
				if out := found.output(); out != "" {
					msg += ": " + out
				}
				return c.t.Fail(op, vmmanager.ErrRejected, 0, msg, nil)
			}
		}
		t := time.NewTimer(poll)
		select {
		case <-ctx.Done():
			t.Stop()
			state := "did not finish in time"
			if !listed {
				state = "was never listed"
			}
			return c.t.Fail(op, vmmanager.ErrUnreachable, 0, desc+" "+state, ctx.Err())
		case <-t.C:
		}
	}
}
