package syncplan

// NoticeKind is what a notice is about. Its name is part of the notice's
// key (see plugin/keys).
type NoticeKind string

// The notice kinds.
const (
	NoticeInsufficientFunds    NoticeKind = "insufficient_funds"
	NoticeUnmappedCommercial   NoticeKind = "unmapped_commercial_template"
	NoticeNearMiss             NoticeKind = "near_miss_value"
	NoticeOrphanVM             NoticeKind = "orphan_vm"
	NoticeVMMissing            NoticeKind = "vm_missing"
	NoticeVMmanagerUnreachable NoticeKind = "vmmanager_unreachable"
	NoticePriceMissing         NoticeKind = "price_missing"
	NoticeVMClaimedTwice       NoticeKind = "vm_claimed_twice"
	// NoticeServiceInvalid: a service, or its tariff, could not be read.
	NoticeServiceInvalid NoticeKind = "service_invalid"
	// NoticeServicesSkipped: one per run, listing the services left alone
	// for reasons the administrator can fix.
	NoticeServicesSkipped NoticeKind = "services_skipped"
	// NoticeAddonCharged and NoticeAddonRefunded tell the client why
	// money moved.
	NoticeAddonCharged  NoticeKind = "addon_charged"
	NoticeAddonRefunded NoticeKind = "addon_refunded"
)

// NoticeKinds lists every notice kind.
var NoticeKinds = []NoticeKind{
	NoticeInsufficientFunds, NoticeUnmappedCommercial, NoticeNearMiss, NoticeOrphanVM, NoticeVMMissing,
	NoticeVMmanagerUnreachable, NoticePriceMissing, NoticeVMClaimedTwice, NoticeServiceInvalid,
	NoticeServicesSkipped, NoticeAddonCharged, NoticeAddonRefunded,
}

// The reasons for leaving a service alone.
const (
	// SkipInstalling: VMmanager is installing an OS on the VM.
	SkipInstalling Outcome = "installing"
	// SkipNoTemplate: the VM is listed without a template.
	SkipNoTemplate Outcome = "no_template"
	// SkipServiceInvalid: the service, or its tariff, could not be read.
	SkipServiceInvalid Outcome = "service_invalid"
	// SkipVMClaimedTwice: another service claims the same VM.
	SkipVMClaimedTwice Outcome = "vm_claimed_twice"
	// SkipVMMissing: the panel does not list the service's VM.
	SkipVMMissing Outcome = "vm_missing"
	// SkipNoVM: an active or suspended service without a VM.
	SkipNoVM Outcome = "no_vm"
	// SkipOutsidePeriod: the run's date is outside the service's period.
	SkipOutsidePeriod Outcome = "outside_period"
	// SkipInactive: the service is neither active nor suspended.
	SkipInactive Outcome = "inactive"
	// SkipDuplicate: the host sent the service twice.
	SkipDuplicate Outcome = "duplicate_service"
	// SkipListingIncomplete: the listing failed, so nothing was concluded.
	SkipListingIncomplete Outcome = "listing_incomplete"
)

// SkipReasons lists every reason for leaving a service alone.
var SkipReasons = []Outcome{
	SkipInstalling, SkipNoTemplate, SkipServiceInvalid, SkipVMClaimedTwice, SkipVMMissing,
	SkipNoVM, SkipOutsidePeriod, SkipInactive, SkipDuplicate, SkipListingIncomplete,
}
