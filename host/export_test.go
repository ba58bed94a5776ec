package host

// SetDeathSignal turns the module's death signal on or off, for tests that
// check the module leaves a dead host on its own.
func SetDeathSignal(on bool) { deathSignal = on }
