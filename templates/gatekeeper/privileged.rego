package pspmigrateprivileged

import data.lib.pspmigrate

# spec.privileged: a privileged container needs a policy with privileged: true.
violation[{"msg": msg}] {
	count(pspmigrate.policies) > 0
	not allowed
	names := sorted_names
	count(names) > 0
	msg := sprintf("privileged containers %v are not allowed by the PodSecurityPolicy that applies (%v)", [concat(", ", names), pspmigrate.policy_names])
}

allowed {
	p := pspmigrate.policies[_]
	p.privileged == true
}

sorted_names = sort([c.name | c := pspmigrate.containers[_]; c.securityContext.privileged == true])
