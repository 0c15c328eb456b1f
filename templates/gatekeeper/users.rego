package pspmigrateusers

import data.lib.pspmigrate

# spec.runAsUser (user/{mustrunas,nonroot,runasany}.go Validate), on each
# container's effective runAsUser and runAsNonRoot: its own, else the pod's.
# RunAsAny (or no runAsUser parameter) allows any; MustRunAs needs a
# runAsUser in a range (no ranges: the policy was unusable, nothing passes);
# MustRunAsNonRoot needs runAsNonRoot or runAsUser set, runAsNonRoot not
# false and runAsUser not 0. A pod passes when one policy that applies accepts
# every container.
violation[{"msg": msg}] {
	count(pspmigrate.policies) > 0
	not allowed
	names := sort({n | p := pspmigrate.policies[_]; f := failing(p); n := f[_]})
	msg := sprintf("containers %v do not run as a user that spec.runAsUser of the PodSecurityPolicy that applies allows (MustRunAs: runAsUser in its ranges; MustRunAsNonRoot: runAsNonRoot true or a non-zero runAsUser, on the container or the pod) (%v)", [concat(", ", names), pspmigrate.policy_names])
}

allowed {
	p := pspmigrate.policies[_]
	count(failing(p)) == 0
}

strategy(p) = object.get(p, "runAsUser", {})

user_rule(p) = object.get(strategy(p), "rule", "RunAsAny")

# The names of the containers policy p refuses: one body per rule.
failing(p) = set() {
	user_rule(p) == "RunAsAny"
}

failing(p) = non_root_failing {
	user_rule(p) == "MustRunAsNonRoot"
}

failing(p) = names {
	user_rule(p) != "RunAsAny"
	user_rule(p) != "MustRunAsNonRoot"
	names := {container_name(c) | c := pspmigrate.containers[_]; not user_in_ranges(p, c)}
}

user_in_ranges(p, c) {
	ranges := object.get(strategy(p), "ranges", [])
	uid := effective(c, "runAsUser")
	r := ranges[_]
	r.min <= uid
	uid <= r.max
}

non_root_failing = {container_name(c) | c := pspmigrate.containers[_]; not non_root(c)}

non_root(c) {
	declares_user(c)
	not effective_is(c, "runAsNonRoot", false)
	not effective_is(c, "runAsUser", 0)
}

declares_user(c) {
	effective(c, "runAsNonRoot") != null
}

declares_user(c) {
	effective(c, "runAsUser") != null
}

effective_is(c, key, value) {
	effective(c, key) == value
}

container_name(c) = object.get(c, "name", "")

pod_security_context = object.get(object.get(input.review.object, "spec", {}), "securityContext", {})

# A container's value, else the pod's; undefined when neither sets it.
effective(c, key) = value {
	value := object.get(object.get(c, "securityContext", {}), key, null)
	value != null
}

effective(c, key) = value {
	object.get(object.get(c, "securityContext", {}), key, null) == null
	value := object.get(pod_security_context, key, null)
	value != null
}
