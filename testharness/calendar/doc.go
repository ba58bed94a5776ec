// Package calendar is the emulated billing core's calendar: monthly
// periods that end on the same day of a later month, clamped to the
// month's last day when that day does not exist, as billing systems do
// (a service started on 31 January renews on 29 February, then 31 March).
// Go's AddDate does not clamp: 31 January plus one month is 3 March.
//
// The harness keeps its own calendar, apart from the module's code, so
// that a wrong period in the module cannot agree with its judge.
package calendar
