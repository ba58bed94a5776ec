package module

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"osaddon/plugin/catalog"
	"osaddon/plugin/syncplan"
	"osaddon/rpc"
)

// pageService is one service of a billing/services page, read: either the
// service or why it cannot be synced.
type pageService struct {
	service syncplan.Service
	invalid *syncplan.Invalid
}

// readPage validates a page's tariffs and services one by one. Each valid
// tariff goes to the planner; each service comes back read or invalid,
// in page order. A tariff that cannot be read makes its services invalid,
// naming the tariff's field.
func (m *Module) readPage(res *rpc.ServicesResult, connection string, planner *syncplan.Planner) []pageService {
	faults := make(map[string]rpc.ItemFault, len(res.Faults))
	for _, f := range res.Faults {
		faults[f.Item] = f
	}
	// tariffFaults holds, per tariff id of this page, why it cannot be
	// read; the page's own tariffs are authoritative for its services.
	tariffFaults, pageTariffs := map[string]*rpc.Error{}, map[string]bool{}
	for i, t := range res.Tariffs {
		item := fmt.Sprintf("tariffs[%d]", i)
		pageTariffs[t.ID] = true
		if f, bad := faults[item]; bad {
			tariffFaults[t.ID] = rpc.Errorf(rpc.CodeInvalidParams, f.Field, "%s", f.Message)
			continue
		}
		tariff, err := m.tariff(t, item)
		if err != nil {
			tariffFaults[t.ID] = asRPCError(err)
			continue
		}
		delete(tariffFaults, t.ID)
		planner.AddTariff(tariff)
	}
	out := make([]pageService, 0, len(res.Services))
	for i, s := range res.Services {
		item := fmt.Sprintf("services[%d]", i)
		invalid := func(field, format string, args ...any) {
			out = append(out, pageService{invalid: &syncplan.Invalid{
				ServiceID: s.ID, VMID: s.VMID, Field: field, Message: clipTo(fmt.Sprintf(format, args...), maxInvalidText)}})
		}
		if f, bad := faults[item]; bad {
			invalid(f.Field, "%s", f.Message)
			continue
		}
		switch {
		case s.Connection == "":
			invalid(item+".connection", "required: the run syncs connection %q", connection)
			continue
		case s.Connection != connection:
			invalid(item+".connection", "the service belongs to connection %q, not %q", s.Connection, connection)
			continue
		case !slices.Contains(wireStatuses, catalog.Status(s.Status)):
			invalid(item+".status", "%q is not one of %v", s.Status, wireStatuses)
			continue
		}
		if e := tariffFaults[s.TariffID]; e != nil {
			invalid(e.Field, "its tariff %q cannot be read: %s", s.TariffID, e.Message)
			continue
		}
		if !pageTariffs[s.TariffID] && !planner.HasTariff(s.TariffID) {
			invalid(item+".tariff_id", "tariff %q was not sent with the page", s.TariffID)
			continue
		}
		svc, err := m.service(s, item)
		if err != nil {
			e := asRPCError(err)
			invalid(e.Field, "%s", e.Message)
			continue
		}
		out = append(out, pageService{service: svc})
	}
	return out
}

// maxInvalidText bounds what a service_invalid notification says about
// the fault: it quotes the host's values, which may be of any length.
const maxInvalidText = 512

// clipTo returns s cut to n bytes, marked when cut.
func clipTo(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + fmt.Sprintf("…(%d bytes)", len(s))
}

// wireStatuses are the service states the contract knows.
var wireStatuses = []catalog.Status{catalog.StatusOrdered, catalog.StatusActive, catalog.StatusSuspended, catalog.StatusClosed}

// asRPCError returns err as an *rpc.Error; the conversions in convert.go
// return nothing else.
func asRPCError(err error) *rpc.Error {
	var e *rpc.Error
	if errors.As(err, &e) {
		return e
	}
	return rpc.Errorf(rpc.CodeInvalidParams, "", "%v", err)
}
