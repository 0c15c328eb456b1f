package pspmigratesysctls

import data.lib.pspmigrate

# spec.forbiddenSysctls and spec.allowedUnsafeSysctls
# (sysctl/mustmatchpatterns.go Validate): every sysctl of the pod must be
# allowed by one policy: none of its forbiddenSysctls matches it, and it is
# safe or one of its allowedUnsafeSysctls matches it. A pattern ending in "*"
# matches by prefix. Absent lists are empty, as in the PodSecurityPolicy.
violation[{"msg": msg}] {
	pspmigrate.check_pod
	count(pspmigrate.policies) > 0
	count(sysctls) > 0
	not allowed
	msg := sprintf("sysctls %v are not allowed by the PodSecurityPolicy that applies (%v)", [concat(", ", shown), pspmigrate.policy_names])
}

sysctls = [n | n := input.review.object.spec.securityContext.sysctls[_].name]

# The sysctls PodSecurityPolicy admission always allowed unless forbidden
# (SafeSysctlAllowlist, v1.22+).
safe_sysctls = {"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"}

allowed {
	p := pspmigrate.policies[_]
	not denies(p)
}

denies(p) {
	n := sysctls[_]
	not allows_sysctl(p, n)
}

allows_sysctl(p, n) {
	not matches_any(n, object.get(p, "forbiddenSysctls", []))
	safe_sysctls[n]
}

allows_sysctl(p, n) {
	not matches_any(n, object.get(p, "forbiddenSysctls", []))
	matches_any(n, object.get(p, "allowedUnsafeSysctls", []))
}

matches_any(n, patterns) {
	pattern := patterns[_]
	matches(n, pattern)
}

matches(n, pattern) {
	n == pattern
}

matches(n, pattern) {
	endswith(pattern, "*")
	startswith(n, trim_suffix(pattern, "*"))
}

# For the message: the sysctls no policy allows, else all of them.
denied = [n | n := sysctls[_]; not some_policy_allows(n)]

some_policy_allows(n) {
	p := pspmigrate.policies[_]
	allows_sysctl(p, n)
}

shown = denied {
	count(denied) > 0
}

shown = sysctls {
	count(denied) == 0
}
