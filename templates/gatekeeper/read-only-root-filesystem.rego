package pspmigratereadonlyrootfilesystem

import data.lib.pspmigrate

# spec.readOnlyRootFilesystem (provider.go validateContainer): a policy with
# readOnlyRootFilesystem: true refuses every container whose own
# securityContext.readOnlyRootFilesystem is not true (unset included).
# An absent parameter means false, the PSP API default.
violation[{"msg": msg}] {
	count(pspmigrate.policies) > 0
	not allowed
	names := writable_names
	count(names) > 0
	msg := sprintf("containers %v must set securityContext.readOnlyRootFilesystem: true, as the PodSecurityPolicy that applies requires (%v)", [concat(", ", names), pspmigrate.policy_names])
}

allowed {
	p := pspmigrate.policies[_]
	object.get(p, "readOnlyRootFilesystem", false) != true
}

writable_names = sort({object.get(c, "name", "") | c := pspmigrate.containers[_]; not read_only(c)})

read_only(c) {
	object.get(object.get(c, "securityContext", {}), "readOnlyRootFilesystem", null) == true
}
