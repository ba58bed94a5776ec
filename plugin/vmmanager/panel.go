package vmmanager

import "context"

// VM is one virtual machine as the panel reports it.
type VM struct {
	ID   string
	Name string
	// Template is the internal name of the installed template, normalised
	// as BILLmanager names it. It may be empty while Installing, or when
	// the panel no longer lists the template.
	Template string
	// Installing is true while the panel installs an OS on the VM. It is
	// the only state that defers billing: what is installed is billed,
	// whatever the power state.
	Installing bool
	// State is the power state exactly as the panel reported it ("running",
	// "down", "stopped", or a value nobody documented). It is for logs and
	// notices; billing never reads it.
	State string
	IP    string
	CPUs  int
}

// Template is an OS template the panel can install.
type Template struct {
	// ID is the panel's own id (VMmanager 6 os id; VMmanager 5 osmgr id).
	ID string
	// Name is the internal name, normalised as BILLmanager names it.
	Name  string
	State string
}

// CreateSpec describes a VM to create. Preset, when set, replaces the
// resource fields on panels that support presets. Template is the internal
// name; the v5 adapter sends its short name (the part after "__") as the
// VM's osname.
type CreateSpec struct {
	Name, Template, Password, User, Preset string
	CPUs, RAMMiB, DiskMiB                  int
}

// Panel is one VMmanager installation.
type Panel interface {
	// ListVMs streams every VM to fn. Any non-nil error means the listing is incomplete.
	ListVMs(ctx context.Context, fn func(VM) error) error
	// FindByName returns the VMs named name, exactly; none is no error.
	FindByName(ctx context.Context, name string) ([]VM, error)
	// ListTemplates returns the templates, with normalised names.
	ListTemplates(ctx context.Context) ([]Template, error)
	// Create creates a VM; it is never retried, as it is not idempotent.
	Create(ctx context.Context, spec CreateSpec) (VM, error)
	// Reinstall reinstalls vmID from the named template.
	Reinstall(ctx context.Context, vmID, template, password string) error
	// Start powers vmID on.
	Start(ctx context.Context, vmID string) error
	// Stop powers vmID off.
	Stop(ctx context.Context, vmID string) error
	// Delete removes vmID.
	Delete(ctx context.Context, vmID string) error
	// Check verifies that the panel answers and accepts the credentials.
	Check(ctx context.Context) error
}
