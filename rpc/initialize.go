package rpc

// InitializeParams opens a conversation. It must be the first call.
type InitializeParams struct {
	// ProtocolVersion is the contract version the host speaks; this module
	// speaks MinProtocolVersion to ProtocolVersion and refuses any other.
	ProtocolVersion int `json:"protocol_version"`
	// Host names the billing core, for the module's logs.
	Host Peer `json:"host"`
	// OSParam is the internal name of the host's "Operating system"
	// parameter (protocol 2; DefaultOSParam when empty). Every tariff's
	// add-on must have this internal name.
	OSParam string `json:"os_param,omitempty"`
}

// Peer names one side of the conversation.
type Peer struct {
	// Name is the program's name, such as "billmgr" or "pmosaddon".
	Name string `json:"name"`
	// Version is the program's version, free-form.
	Version string `json:"version"`
}

// InitializeResult says who the module is and what it serves.
type InitializeResult struct {
	// ProtocolVersion is the contract version the module speaks on this
	// connection: the host's.
	ProtocolVersion int `json:"protocol_version"`
	// OSParam is the "Operating system" parameter's name the module uses
	// (protocol 2 only).
	OSParam string `json:"os_param,omitempty"`
	// Module names the module binary and its version.
	Module Peer `json:"module"`
	// Features lists exactly the host→module methods this build serves,
	// as BILLmanager's features command lists a processing module's
	// handlers. A method absent here answers CodeMethodNotFound.
	Features []string `json:"features"`
	// ItemTypes are the billing item types the module processes ("vds").
	ItemTypes []string `json:"item_types"`
	// ConnectionParams describes what a VMmanager connection in the
	// module's config is made of, so a host can show a form for it.
	ConnectionParams []ConnectionParam `json:"connection_params"`
	// MaxMessageBytes is the largest message the module accepts; larger
	// ones answer CodeMessageTooLarge.
	MaxMessageBytes int64 `json:"max_message_bytes"`
	// Configured is true when the module was started with a config file,
	// so handlers that talk to VMmanager can work.
	Configured bool `json:"configured"`
}

// ConnectionParam is one field of a VMmanager connection.
type ConnectionParam struct {
	// Name is the field's key in the module's YAML config.
	Name string `json:"name"`
	// Required is true when a connection is invalid without it.
	Required bool `json:"required"`
	// Secret is true for passwords and tokens: never shown, never logged.
	Secret bool `json:"secret,omitempty"`
	// Description says what the field is for.
	Description string `json:"description"`
}
