// Package rpctest holds conversations with a module that tests run in every
// launch mode: in-process, as a plain stdio subprocess and through
// go-plugin, so each mode is held to the same behaviour.
package rpctest
