package pspmigratecapabilities

import data.lib.pspmigrate

# spec.allowedCapabilities, spec.defaultAddCapabilities and
# spec.requiredDropCapabilities (capabilities/capabilities.go Validate), on
# each container's own securityContext.capabilities. A pod passes when one
# policy that applies accepts every container. An absent parameter list is
# empty, as in a PSP.
violation[{"msg": msg}] {
	count(pspmigrate.policies) > 0
	not allowed
	names := sort({n | p := pspmigrate.policies[_]; f := failing(p); n := f[_]})
	msg := sprintf("containers %v add a capability outside allowedCapabilities and defaultAddCapabilities, or do not drop every capability in requiredDropCapabilities, of the PodSecurityPolicy that applies (%v)", [concat(", ", names), pspmigrate.policy_names])
}

allowed {
	p := pspmigrate.policies[_]
	count(failing(p)) == 0
}

# The names of the containers policy p refuses.
failing(p) = {container_name(c) | c := pspmigrate.containers[_]; not container_ok(p, c)}

container_name(c) = object.get(c, "name", "")

param(p, key) = object.get(p, key, [])

security_context(c) = object.get(c, "securityContext", {})

has_capabilities(c) {
	object.get(security_context(c), "capabilities", null) != null
}

capabilities(c) = object.get(security_context(c), "capabilities", {})

# No capabilities: only a policy that neither adds nor requires dropping any.
container_ok(p, c) {
	not has_capabilities(c)
	count(param(p, "defaultAddCapabilities")) == 0
	count(param(p, "requiredDropCapabilities")) == 0
}

container_ok(p, c) {
	has_capabilities(c)
	allows_any(p)
}

container_ok(p, c) {
	has_capabilities(c)
	not allows_any(p)
	not adds_disallowed(p, c)
	not misses_required_drop(p, c)
}

allows_any(p) {
	allowed_list := param(p, "allowedCapabilities")
	allowed_list[_] == "*"
}

adds_disallowed(p, c) {
	added := object.get(capabilities(c), "add", [])
	cap := added[_]
	not may_add(p, cap)
}

may_add(p, cap) {
	defaults := param(p, "defaultAddCapabilities")
	defaults[_] == cap
}

may_add(p, cap) {
	allowed_list := param(p, "allowedCapabilities")
	allowed_list[_] == cap
}

misses_required_drop(p, c) {
	required := param(p, "requiredDropCapabilities")
	cap := required[_]
	not drops(c, cap)
}

drops(c, cap) {
	dropped := object.get(capabilities(c), "drop", [])
	dropped[_] == cap
}
