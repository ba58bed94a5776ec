package rpc

// Methods the host calls on the module.
const (
	MethodInitialize      = "initialize"
	MethodCheckConnection = "check_connection"
	MethodQuote           = "quote"
	MethodOpen            = "open"
	MethodSuspend         = "suspend"
	MethodResume          = "resume"
	MethodClose           = "close"
	MethodSetParam        = "setparam"
	MethodSyncServer      = "syncserver"
)

// Methods the module calls on the host.
const (
	// MethodBillingServices is a request: one page of a connection's services.
	MethodBillingServices = "billing/services"
	// MethodProgress is a notification: how far a sync run has come.
	MethodProgress = "$/progress"
)

// HandlerMethods lists the host→module methods in the order features are
// reported. A build serves a subset of them, as its initialize result says.
var HandlerMethods = []string{
	MethodQuote,
	MethodOpen,
	MethodSuspend,
	MethodResume,
	MethodClose,
	MethodSetParam,
	MethodSyncServer,
	MethodCheckConnection,
}
