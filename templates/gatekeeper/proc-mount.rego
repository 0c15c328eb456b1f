package pspmigrateprocmount

import data.lib.pspmigrate

# spec.allowedProcMountTypes (provider.go validateContainer): each
# container's own securityContext.procMount, unset read as Default, must be in
# the list; an empty (or absent) list means [Default]. A pod passes when one
# policy that applies accepts every container.
violation[{"msg": msg}] {
	count(pspmigrate.policies) > 0
	not allowed
	names := sort({n | p := pspmigrate.policies[_]; f := failing(p); n := f[_]})
	msg := sprintf("containers %v use a securityContext.procMount (unset: Default) that is not in allowedProcMountTypes of the PodSecurityPolicy that applies (%v)", [concat(", ", names), pspmigrate.policy_names])
}

allowed {
	p := pspmigrate.policies[_]
	count(failing(p)) == 0
}

# The names of the containers policy p refuses.
failing(p) = {object.get(c, "name", "") | c := pspmigrate.containers[_]; mount_type := proc_mount(c); not allows(p, mount_type)}

proc_mount(c) = object.get(object.get(c, "securityContext", {}), "procMount", "Default")

allows(p, mount_type) {
	types := object.get(p, "allowedProcMountTypes", [])
	count(types) > 0
	types[_] == mount_type
}

allows(p, mount_type) {
	count(object.get(p, "allowedProcMountTypes", [])) == 0
	mount_type == "Default"
}
