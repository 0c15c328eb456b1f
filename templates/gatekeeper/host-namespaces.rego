package pspmigratehostnamespaces

import data.lib.pspmigrate

# spec.hostNetwork, spec.hostPID, spec.hostIPC (provider.go ValidatePod): a pod
# that shares host namespaces needs one policy that allows each it shares.
# An absent policy field is false, as in the PodSecurityPolicy.
violation[{"msg": msg}] {
	pspmigrate.check_pod
	count(pspmigrate.policies) > 0
	count(used) > 0
	not allowed
	msg := sprintf("host namespaces %v are not allowed by the PodSecurityPolicy that applies (%v)", [concat(", ", shown), pspmigrate.policy_names])
}

namespaces = ["hostNetwork", "hostPID", "hostIPC"]

# The host namespaces the pod shares, in the order above.
used = [n | n := namespaces[_]; input.review.object.spec[n] == true]

allowed {
	p := pspmigrate.policies[_]
	not denies(p)
}

denies(p) {
	n := used[_]
	not p[n] == true
}

# For the message: those no policy allows, else all the pod shares.
denied = [n | n := used[_]; not some_policy_allows(n)]

some_policy_allows(n) {
	p := pspmigrate.policies[_]
	p[n] == true
}

shown = denied {
	count(denied) > 0
}

shown = used {
	count(denied) == 0
}
