// Package pricing prices the OS add-on: at order, at renewal and on a
// change inside a paid period, under the module's Policy.
//
// It is pure: no I/O. Amounts stay exact until the single rounding point
// of each charge or refund (see package money). Every planned change
// carries an Explanation so a dry run can show its arithmetic.
package pricing
