// Package testharness is the lab that emulates a billing core around the
// osaddon module: fake VMmanager panels on loopback (vmfake) and the tools
// that launch the real module binary the way a billing core does.
package testharness
