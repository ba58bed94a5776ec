package rpc

// ProtocolVersion is the version of this contract. The host sends the version
// it speaks in initialize; the module speaks it back, or refuses it with
// CodeUnsupportedProtocol. Adding optional fields keeps the version; removing
// or renaming anything bumps it.
//
// Version 2 links the service's "Operating system" parameter to the
// add-on: the host names the parameter (InitializeParams.OSParam, "ostempl"
// by default), a service carries the template in Params under that name,
// changes return it under that name, and a tariff whose add-on has another
// internal name is refused. Version 1 carries the template in
// Service.OSTemplate, returns it as "os_template" and checks no link.
const ProtocolVersion = 2

// MinProtocolVersion is the oldest version the module still speaks.
const MinProtocolVersion = 1

// SupportedProtocol reports whether the module speaks version v.
func SupportedProtocol(v int) bool { return v >= MinProtocolVersion && v <= ProtocolVersion }

// DefaultOSParam is the internal name of BILLmanager's "Operating system"
// parameter, the name protocol 2 uses when the host names none.
const DefaultOSParam = "ostempl"

// LegacyOSParam is the name protocol 1 gives the parameter in a change's
// params.
const LegacyOSParam = "os_template"
