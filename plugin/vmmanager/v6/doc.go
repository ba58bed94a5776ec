// Package v6 adapts VMmanager 6's REST API to vmmanager.Panel, the way
// ISPsystem's own billing module talks to it (see testdata/README.md for
// the public sources of every shape).
//
// The client gets a token from POST /auth/v4/public/token and sends it as
// the x-xsrf-token header and the ses6 cookie. A 401 or 403 answer renews
// the token once and repeats the request; the panel refused it unseen, so
// that is safe for creates too.
//
// ListVMs loads the os list first, so that each VM's os.id resolves to the
// template's internal name (vmmanager.V6TemplateName), then reads
// GET /vm/v3/host with limit and offset. Whether a panel honours them is
// not documented, so the listing stops after a short page, after "size"
// VMs, or on a page with no VM not seen before, and never hands a VM on
// twice: a panel that answers its whole list every time is read once. A
// page of repeats while "size" counts more VMs than were read fails the
// listing with vmmanager.ErrIncomplete.
// Each page is decoded as a stream of JSON tokens, one host at a time. A
// token renewal repeats only the page at hand, of which nothing was
// streamed, so a listing survives it cleanly.
//
// Create (with the connection's cluster and hdd_mib), Start, Stop and
// Delete wait for their task, as ISPsystem's own module does: the
// operation answers the task's consul id, and the task is polled by consul
// id and name (host_create, host_start, host_stop, host_delete) until
// "complete" (done) or "fail" (an error carrying the task's output), all
// under one deadline, TaskTimeout. Reinstall returns once the panel
// accepted it: the public sources do not name its task, and the VM lists
// as installing meanwhile, which defers its billing.
package v6
