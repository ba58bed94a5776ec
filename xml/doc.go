// Package xml decodes and encodes the XML documents of the VMmanager 5 API
// (out=xml): session auth, the vm list, the osmgr template list, the answer
// to vm.edit, plain "ok" answers and error documents.
//
// Decoders stream: the vm list is handed to a callback one elem at a time
// and never builds a DOM, so a 100,000-VM answer costs little memory. Every
// decoder enforces Limits (total size, token length, depth). A malformed or
// truncated document is a *SyntaxError carrying the byte offset, never a
// partial success; an <error> element where an answer was expected is a
// *PanelError.
package xml
