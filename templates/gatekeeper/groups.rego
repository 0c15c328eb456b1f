package pspmigrategroups

import data.lib.pspmigrate

# spec.runAsGroup (group/{mustrunas,mayrunas,runasany}.go Validate), on each
# container's effective runAsGroup: its own, else the pod's. No runAsGroup
# parameter or RunAsAny allows any; MustRunAs needs a runAsGroup in a range;
# MayRunAs needs it unset or in a range; without ranges nothing passes (the
# strategy could not be built). A pod passes when one policy that applies
# accepts every container.
violation[{"msg": msg}] {
	count(pspmigrate.policies) > 0
	not allowed
	names := sort({n | p := pspmigrate.policies[_]; f := failing(p); n := f[_]})
	msg := sprintf("containers %v do not run as a group that spec.runAsGroup of the PodSecurityPolicy that applies allows (MustRunAs: runAsGroup in its ranges; MayRunAs: unset or in its ranges; on the container or the pod) (%v)", [concat(", ", names), pspmigrate.policy_names])
}

allowed {
	p := pspmigrate.policies[_]
	count(failing(p)) == 0
}

strategy(p) = object.get(p, "runAsGroup", {})

group_rule(p) = object.get(strategy(p), "rule", "RunAsAny")

# The names of the containers policy p refuses.
failing(p) = set() {
	group_rule(p) == "RunAsAny"
}

failing(p) = names {
	group_rule(p) != "RunAsAny"
	names := {object.get(c, "name", "") | c := pspmigrate.containers[_]; not group_ok(p, c)}
}

group_ok(p, c) {
	ranges := object.get(strategy(p), "ranges", [])
	count(ranges) > 0
	not required_missing(p, c)
	not out_of_ranges(c, ranges)
}

required_missing(p, c) {
	group_rule(p) == "MustRunAs"
	not has_group(c)
}

has_group(c) {
	effective_group(c) != null
}

out_of_ranges(c, ranges) {
	gid := effective_group(c)
	not in_ranges(gid, ranges)
}

in_ranges(gid, ranges) {
	r := ranges[_]
	r.min <= gid
	gid <= r.max
}

pod_security_context = object.get(object.get(input.review.object, "spec", {}), "securityContext", {})

# The container's runAsGroup, else the pod's; undefined when neither sets it.
effective_group(c) = gid {
	gid := object.get(object.get(c, "securityContext", {}), "runAsGroup", null)
	gid != null
}

effective_group(c) = gid {
	object.get(object.get(c, "securityContext", {}), "runAsGroup", null) == null
	gid := object.get(pod_security_context, "runAsGroup", null)
	gid != null
}
