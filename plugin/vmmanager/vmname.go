package vmmanager

import "encoding/hex"

// vmNamePrefix starts the name of every VM the module creates.
const vmNamePrefix = "osaddon-svc-"

// ServiceVMName is the name the module gives the VM of a service, so that a
// repeated open finds it: "osaddon-svc-" and the service id, or "h" and the
// id in hex when it holds anything but ASCII letters, digits and hyphens.
// This is the only place the rule lives.
func ServiceVMName(serviceID string) string {
	for _, r := range serviceID {
		if !(r == '-' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')) {
			return vmNamePrefix + "h" + hex.EncodeToString([]byte(serviceID))
		}
	}
	return vmNamePrefix + serviceID
}
