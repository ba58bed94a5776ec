// Package testproc watches processes for tests that check a process ends in
// time: no sleeps, the kernel says when (a pidfd, on Linux).
package testproc
