package vmmanager

import "strings"

// V6TemplateName is the internal name BILLmanager gives a VMmanager 6
// template: "<repository>__<name>", where every hyphen in the repository
// name becomes a space. Names are case-sensitive. This is the only place
// the rule lives.
func V6TemplateName(repository, name string) string {
	return strings.ReplaceAll(repository, "-", " ") + "__" + name
}
