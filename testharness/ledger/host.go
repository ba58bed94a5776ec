package ledger

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"osaddon/rpc"
)

// ServicesPage answers billing/services: the connection's services ordered
// by id, after the cursor (the last id of the previous page: keyset paging,
// stable while services are added), at most Limit of them, each with its
// account and revision, and the tariffs the page references, each once,
// ordered by id. A tariff missing from the catalog is left out, as a host
// would send only what it has.
func (l *Ledger) ServicesPage(ctx context.Context, p *rpc.ServicesParams) (*rpc.ServicesResult, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	rows, err := l.db.QueryContext(ctx, `SELECT `+serviceColumns+`
		WHERE s.connection = ? AND s.id > ? ORDER BY s.id LIMIT ?`, p.Connection, p.Cursor, p.Limit+1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	res := &rpc.ServicesResult{Services: []rpc.Service{}, Tariffs: []rpc.Tariff{}}
	var tariffIDs []string
	for rows.Next() {
		s, err := scanService(rows)
		if err != nil {
			return nil, err
		}
		if len(res.Services) == p.Limit {
			res.NextCursor = res.Services[len(res.Services)-1].ID
			break
		}
		res.Services = append(res.Services, s.Service)
		tariffIDs = append(tariffIDs, s.TariffID)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	slices.Sort(tariffIDs)
	for _, id := range slices.Compact(tariffIDs) {
		t, err := l.Tariff(ctx, id)
		if err != nil {
			if isNotFound(err) {
				continue
			}
			return nil, fmt.Errorf("ledger: services page: %w", err)
		}
		res.Tariffs = append(res.Tariffs, t)
	}
	return res, nil
}

// Host serves the host's side of the contract from a Ledger: Services
// pages from the database, Progress to a callback.
type Host struct {
	ledger *Ledger

	mu         sync.Mutex
	onProgress func(rpc.ProgressParams)
}

// NewHost returns a Host over l with no progress callback.
func NewHost(l *Ledger) *Host { return &Host{ledger: l} }

// OnProgress sets the callback that receives $/progress; nil drops them.
// It must not block long.
func (h *Host) OnProgress(fn func(rpc.ProgressParams)) {
	h.mu.Lock()
	h.onProgress = fn
	h.mu.Unlock()
}

// Services implements rpc.Host with Ledger.ServicesPage.
func (h *Host) Services(ctx context.Context, p *rpc.ServicesParams) (*rpc.ServicesResult, error) {
	return h.ledger.ServicesPage(ctx, p)
}

// Progress implements rpc.Host.
func (h *Host) Progress(_ context.Context, p *rpc.ProgressParams) {
	h.mu.Lock()
	fn := h.onProgress
	h.mu.Unlock()
	if fn != nil && p != nil {
		fn(*p)
	}
}
