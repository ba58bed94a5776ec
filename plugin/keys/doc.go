// Package keys builds every idempotency key the module sends: the keys of
// changes, of money and of notifications. The host applies an action at
// most once per key, so a repeated, overlapping or resumed run never
// charges twice. No other package writes a key.
//
// Grammar. A key is a kind followed by parts, each after a colon:
//
//	key  = kind *( ":" part )
//	part = escaped id, a date, a month, a number or "r" revision
//
// Every id is escaped by one rule: any byte outside A-Z a-z 0-9 . _ ~ -
// becomes %XX (upper-case hex), a space included (%20). So no id can forge
// a separator and distinct ids give distinct keys; ids of the characters
// real ids use (letters, digits, - _ .) appear as they are. Dates are in
// UTC: a period start or a day as YYYY-MM-DD, a month as YYYY-MM, a
// 4-hour window's start in RFC 3339. A revision is "r" and the host's
// revision of the service.
//
// The kinds:
//
//	change:<service>:<from>:<to>:<template>:<period start>:r<revision>
//	open:<service>
//	remap:<service>:<from>:<to>:<tariff>:r<revision>
//	move:<service>:<old tariff>:<old months>:<new tariff>:<new months>:r<revision>
//	charge:<service>:<value>:<period start>[:r<revision>]
//	refund:<service>:<value>:<period start>[:r<revision>]
//	move-charge:<service>:<from plan>:<to plan>:<period start>:r<revision>
//	move-refund:<service>:<from plan>:<to plan>:<period start>:r<revision>
//	notify:<kind>:svc:<service>:<value>:<period start>
//	notify:<kind>:move:<service>:<from plan>:<to plan>:<period start>:r<revision>
//	notify:<kind>:<connection>:<ids…>:<day>
//	notify:<kind>:<connection>:<template>:<month>
//	notify:<kind>:<connection>:<window start>
//	notify:<kind>:<money key>
//	os_values:<connection>:<hash of the list>
//
// A plan is <tariff>:<months>:<value>. The ":r<revision>" of a charge or
// refund is added under the refund policy (see syncplan's doc).
package keys
