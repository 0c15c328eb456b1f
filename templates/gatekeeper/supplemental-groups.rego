package pspmigratesupplementalgroups

import data.lib.pspmigrate

# spec.supplementalGroups (group/{mustrunas,mayrunas,runasany}.go Validate),
# on the pod's securityContext.supplementalGroups, on CREATE only. RunAsAny
# (or no supplementalGroups parameter) allows any; MustRunAs needs at least
# one group (an empty list is refused like an unset one), each in a range;
# MayRunAs needs each group, if any, in a range; without ranges nothing passes
# (the strategy could not be built). A pod passes when one policy that applies
# accepts it.
violation[{"msg": msg}] {
	pspmigrate.check_pod
	count(pspmigrate.policies) > 0
	not allowed
	shown := concat(", ", [sprintf("%v", [gid]) | gid := supplemental_groups[_]])
	msg := sprintf("spec.securityContext.supplementalGroups [%v] are not allowed by spec.supplementalGroups of the PodSecurityPolicy that applies (MustRunAs: at least one, each in its ranges; MayRunAs: each in its ranges) (%v)", [shown, pspmigrate.policy_names])
}

allowed {
	p := pspmigrate.policies[_]
	not refuses(p)
}

strategy(p) = object.get(p, "supplementalGroups", {})

group_rule(p) = object.get(strategy(p), "rule", "RunAsAny")

refuses(p) {
	group_rule(p) != "RunAsAny"
	not accepts(p)
}

accepts(p) {
	ranges := object.get(strategy(p), "ranges", [])
	count(ranges) > 0
	not required_missing(p)
	not out_of_ranges(ranges)
}

required_missing(p) {
	group_rule(p) == "MustRunAs"
	count(supplemental_groups) == 0
}

out_of_ranges(ranges) {
	gid := supplemental_groups[_]
	not in_ranges(gid, ranges)
}

in_ranges(gid, ranges) {
	r := ranges[_]
	r.min <= gid
	gid <= r.max
}

pod_security_context = object.get(object.get(input.review.object, "spec", {}), "securityContext", {})

supplemental_groups = object.get(pod_security_context, "supplementalGroups", [])
