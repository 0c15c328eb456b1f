package pspmigrateprivilegeescalation

import data.lib.pspmigrate

# spec.allowPrivilegeEscalation (provider.go validateContainer): a policy
# with allowPrivilegeEscalation: false refuses every container whose own
# securityContext.allowPrivilegeEscalation is not false (unset included).
# An absent parameter means true, the PSP API default.
violation[{"msg": msg}] {
	count(pspmigrate.policies) > 0
	not allowed
	names := escalating_names
	count(names) > 0
	msg := sprintf("containers %v must set securityContext.allowPrivilegeEscalation: false, as the PodSecurityPolicy that applies requires (%v)", [concat(", ", names), pspmigrate.policy_names])
}

allowed {
	p := pspmigrate.policies[_]
	object.get(p, "allowPrivilegeEscalation", true) != false
}

escalating_names = sort({object.get(c, "name", "") | c := pspmigrate.containers[_]; not forbids_escalation(c)})

forbids_escalation(c) {
	object.get(object.get(c, "securityContext", {}), "allowPrivilegeEscalation", null) == false
}
