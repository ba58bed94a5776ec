// Package config loads the module's YAML config: the VMmanager connections,
// the billing policies and the limits.
//
// Decoding is strict: an unknown key is an error that gives its line, so a
// typo never silently falls back to a default. The module starts without a
// config too, so that initialize works before anything is configured.
package config
