package catalog

import (
	"fmt"
	"slices"
	"time"
)

// Status is a service's state in the billing core.
type Status string

// The service states.
const (
	StatusOrdered   Status = "ordered"
	StatusActive    Status = "active"
	StatusSuspended Status = "suspended"
	StatusClosed    Status = "closed"
)

var statuses = []Status{StatusOrdered, StatusActive, StatusSuspended, StatusClosed}

// Service is a VPS service with its OS add-on.
type Service struct {
	ID        string
	AccountID string
	TariffID  string
	// PeriodStart and PeriodEnd are dates at midnight UTC. The paid period
	// is [PeriodStart, PeriodEnd): PeriodEnd is the next period's start.
	PeriodStart  time.Time
	PeriodEnd    time.Time
	PeriodMonths int
	// AddonValue is the add-on's current enumeration value.
	AddonValue string
	// OSTemplate is the "Operating system" parameter: a template's
	// internal name.
	OSTemplate string
	VMID       string
	// Cores is the VPS's vCPU count, which per-core values are priced by.
	Cores  int
	Status Status
}

// Validate checks ids, the period and the status.
func (s Service) Validate() error {
	if s.ID == "" {
		return fieldError("service id", ErrEmpty, "empty")
	}
	field := fmt.Sprintf("service %q", s.ID)
	if s.AccountID == "" {
		return fieldError(field+": account id", ErrEmpty, "empty")
	}
	if s.TariffID == "" {
		return fieldError(field+": tariff id", ErrEmpty, "empty")
	}
	if !isDate(s.PeriodStart) {
		return fieldError(field+": period start", ErrPeriod, "%s is not a date at midnight UTC", s.PeriodStart.Format(time.RFC3339))
	}
	if !isDate(s.PeriodEnd) {
		return fieldError(field+": period end", ErrPeriod, "%s is not a date at midnight UTC", s.PeriodEnd.Format(time.RFC3339))
	}
	if !s.PeriodEnd.After(s.PeriodStart) {
		return fieldError(field+": period end", ErrPeriod, "%s is not after the start %s",
			s.PeriodEnd.Format(time.DateOnly), s.PeriodStart.Format(time.DateOnly))
	}
	if !slices.Contains(SellablePeriods, s.PeriodMonths) {
		return fieldError(field+": period months", ErrPeriodNotSold, "%d months is not one of %v", s.PeriodMonths, SellablePeriods)
	}
	if s.Cores < 0 || s.Cores > MaxCores {
		return fieldError(field+": cores", ErrPerCore, "%d is not within 0..%d", s.Cores, MaxCores)
	}
	if !slices.Contains(statuses, s.Status) {
		return fieldError(field+": status", ErrStatus, "%q", s.Status)
	}
	return nil
}

// isDate reports a midnight in UTC (any zone with offset zero).
func isDate(t time.Time) bool {
	_, offset := t.Zone()
	return !t.IsZero() && offset == 0 && t.Equal(t.Truncate(24*time.Hour))
}
