// Package plugin is the osaddon processing module: everything that runs in
// the pmosaddon process.
//
// Its subpackages split the module by concept:
//   - serve runs the JSON-RPC connection on stdio, in go-plugin or plain mode;
//   - module implements the handlers of the rpc contract;
//   - config loads the module's YAML config;
//   - cmd/pmosaddon is the binary that wires them together.
package plugin
