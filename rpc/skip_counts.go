package rpc

// SkipCounts counts the services a sync left alone, per reason: each
// field is named on the wire as its Skip constant, and omitted when zero.
// It is a struct, not a map, so that a SyncSummary stays comparable.
type SkipCounts struct {
	// Installing counts SkipInstalling.
	Installing int `json:"installing,omitempty"`
	// NoTemplate counts SkipNoTemplate.
	NoTemplate int `json:"no_template,omitempty"`
	// ServiceInvalid counts SkipServiceInvalid.
	ServiceInvalid int `json:"service_invalid,omitempty"`
	// VMClaimedTwice counts SkipVMClaimedTwice.
	VMClaimedTwice int `json:"vm_claimed_twice,omitempty"`
	// VMMissing counts SkipVMMissing.
	VMMissing int `json:"vm_missing,omitempty"`
	// NoVM counts SkipNoVM.
	NoVM int `json:"no_vm,omitempty"`
	// OutsidePeriod counts SkipOutsidePeriod.
	OutsidePeriod int `json:"outside_period,omitempty"`
	// Inactive counts SkipInactive.
	Inactive int `json:"inactive,omitempty"`
	// DuplicateService counts SkipDuplicate.
	DuplicateService int `json:"duplicate_service,omitempty"`
	// ListingIncomplete counts SkipListingIncomplete.
	ListingIncomplete int `json:"listing_incomplete,omitempty"`
}

// count returns the counter of a reason, or nil for an unknown one.
func (c *SkipCounts) count(reason string) *int {
	switch reason {
	case SkipInstalling:
		return &c.Installing
	case SkipNoTemplate:
		return &c.NoTemplate
	case SkipServiceInvalid:
		return &c.ServiceInvalid
	case SkipVMClaimedTwice:
		return &c.VMClaimedTwice
	case SkipVMMissing:
		return &c.VMMissing
	case SkipNoVM:
		return &c.NoVM
	case SkipOutsidePeriod:
		return &c.OutsidePeriod
	case SkipInactive:
		return &c.Inactive
	case SkipDuplicate:
		return &c.DuplicateService
	case SkipListingIncomplete:
		return &c.ListingIncomplete
	}
	return nil
}

// Add counts one service left alone for reason, a Skip constant. It
// reports false, counting nothing, for a reason it does not know.
func (c *SkipCounts) Add(reason string) bool { return c.AddN(reason, 1) }

// AddN counts n services left alone for reason, as Add does.
func (c *SkipCounts) AddN(reason string, n int) bool {
	count := c.count(reason)
	if count == nil {
		return false
	}
	*count += n
	return true
}

// Of returns the count of a reason; 0 for a reason it does not know.
func (c SkipCounts) Of(reason string) int {
	if n := c.count(reason); n != nil {
		return *n
	}
	return 0
}
