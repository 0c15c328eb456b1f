package pspmigratefsgroup

import data.lib.pspmigrate

# spec.fsGroup (group/{mustrunas,mayrunas,runasany}.go Validate), on the pod's
# securityContext.fsGroup, on CREATE only. RunAsAny (or no fsGroup parameter)
# allows any; MustRunAs needs an fsGroup in a range; MayRunAs needs it unset
# or in a range; without ranges nothing passes (the strategy could not be
# built). A pod passes when one policy that applies accepts it.
violation[{"msg": msg}] {
	pspmigrate.check_pod
	count(pspmigrate.policies) > 0
	not allowed
	msg := sprintf("spec.securityContext.fsGroup %v is not allowed by spec.fsGroup of the PodSecurityPolicy that applies (MustRunAs: in its ranges; MayRunAs: unset or in its ranges) (%v)", [shown_fs_group, pspmigrate.policy_names])
}

allowed {
	p := pspmigrate.policies[_]
	not refuses(p)
}

strategy(p) = object.get(p, "fsGroup", {})

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
	count(fs_group) == 0
}

out_of_ranges(ranges) {
	gid := fs_group[_]
	not in_ranges(gid, ranges)
}

in_ranges(gid, ranges) {
	r := ranges[_]
	r.min <= gid
	gid <= r.max
}

pod_security_context = object.get(object.get(input.review.object, "spec", {}), "securityContext", {})

# The pod's fsGroup as a list of zero or one item.
fs_group = [gid | gid := object.get(pod_security_context, "fsGroup", null); gid != null]

shown_fs_group = shown {
	count(fs_group) > 0
	shown := sprintf("%v", [fs_group[0]])
}

shown_fs_group = "(unset)" {
	count(fs_group) == 0
}
