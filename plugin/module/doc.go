// Package module implements the handlers of the rpc contract: what the
// osaddon module does for each call of the billing core.
//
// A Module is built per conversation. It holds the config, one VMmanager
// client per configured connection (so sessions are reused) and the client
// that calls back to the host; it keeps no billing state between calls.
// Wire types become domain types in convert.go only; the sync planner is
// package syncplan, which resume and setparam reuse so that they plan a
// service exactly as a sync run would.
package module
