// Package scenario reads the harness's scenario files: the catalog,
// accounts, services, the fake VMmanager's templates and VMs, a timeline of
// events, and the expectations that must hold at the end.
//
// Decoding is strict: an unknown key, a wrong type or an invalid value is an
// error that names the field and gives its line.
package scenario
