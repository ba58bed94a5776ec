//go:build !linux

package main

// nameProcess has nothing to do where the module runs from its own path.
func nameProcess() {}
