package host

// deathSignal is whether dieWithHost asks for a signal to the module when
// the host dies; tests turn it off to see the module leave on its own.
var deathSignal = true
