package rpc

// ProtocolVersion is the version of this contract. The host sends the version
// it speaks in initialize; the module refuses any other with
// CodeUnsupportedProtocol. Adding optional fields keeps the version; removing
// or renaming anything bumps it.
const ProtocolVersion = 1
