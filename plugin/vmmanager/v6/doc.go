// Package v6 adapts VMmanager 6's REST API to vmmanager.Panel.
//
// The client gets a token from POST /auth/v4/public/token and sends it as
// the x-xsrf-token header and the ses6 cookie. A 401 or 403 answer renews
// the token once and repeats the request; the panel refused it unseen, so
// that is safe for creates too.
//
// ListVMs loads the os list first, so that each VM's os.id resolves to the
// template's internal name (vmmanager.V6TemplateName), then pages through
// GET /vm/v3/host with limit and offset. Each page is decoded as a stream
// of JSON tokens, one host at a time. A token renewal repeats only the page
// at hand, of which nothing was streamed, so a listing survives it cleanly.
//
// Create and Reinstall return once the panel accepted them (the VM is then
// installing). Start, Stop and Delete wait for their task to finish.
package v6
