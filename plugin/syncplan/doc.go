// Package syncplan is the pure planner of a synchronization run: given a
// connection's services and tariffs from the billing core and the VMs and
// templates VMmanager lists, it plans the actions that bring the billing
// record into compliance with what is installed. It does no I/O and knows
// no wire: it returns decisions (changes with their money, notices, the
// template list) with their keys and reasons, and plugin/module turns them
// into rpc actions in one place (actions.go).
//
// Rules it keeps:
//
//   - Unknown is not free. A VM being installed, or listed without a
//     template, skips its service; the power state does not matter (what
//     is installed is billed, running or stopped). A listing that failed
//     or broke off plans no change at all: the plan built so far is
//     discarded and one vmmanager_unreachable notification is planned
//     instead.
//   - Never skip silently. Every service left alone is counted under its
//     reason (the Skip outcomes); one services_skipped notification per run lists
//     those the administrator can fix, and a service that could not be
//     read gets a service_invalid notification naming the field. Its VM
//     stays claimed, so it is never reported an orphan.
//   - Determinism. The same inputs give the same actions, with the same
//     keys, in the same order (by type, then key), whatever order the VMs
//     were listed in.
//   - One charge per (service, value, billing period). A charge's money key
//     is keys.Charge; the change around it has its own key, carrying
//     the service's revision, so the record follows a client who flips back
//     to a value while the money is taken once.
//
// Refunds and the flip-flop hazard: with downgrade "refund", a client who
// goes Windows→Linux (refund) →Windows inside one period would meet the
// charge key already taken, and keep Windows having paid less than once.
// So under that policy every money key also carries the service's
// revision (each transition's money is then its own, and the client pays
// exactly for the days billed at each value), and a service whose host
// sends no revision gets no refund at all.
package syncplan
