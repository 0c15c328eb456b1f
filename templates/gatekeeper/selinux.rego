package pspmigrateselinux

import data.lib.pspmigrate

# spec.seLinux (selinux/mustrunas.go): with rule MustRunAs the pod's own
# seLinuxOptions and every container's effective ones (its own, else the
# pod's) must be set and equal the policy's seLinuxOptions; an unset field
# reads as "" on both sides, and levels compare their MCS categories in any
# order (equalLevels). RunAsAny allows anything.
violation[{"msg": msg}] {
	count(pspmigrate.policies) > 0
	not allowed
	names := {n | p := pspmigrate.policies[_]; r := refused(p); n := r[_]}
	msg := sprintf("seLinuxOptions of %v are unset or differ from the seLinuxOptions that spec.seLinux (MustRunAs) requires in the PodSecurityPolicy that applies (%v)", [concat(", ", sort(names)), pspmigrate.policy_names])
}

allowed {
	p := pspmigrate.policies[_]
	count(refused(p)) == 0
}

# The subjects a policy refuses: none unless its rule is MustRunAs.
refused(p) = names {
	not must_run_as(p)
	names := set()
}

refused(p) = names {
	must_run_as(p)
	names := {s.name | s := subjects[_]; not matches(p, s)}
}

must_run_as(p) {
	p.seLinux.rule == "MustRunAs"
}

# What PSP checks: the pod's own options (on CREATE), then each container's
# effective options. `options` holds none or one normalized object.
subjects[s] {
	pspmigrate.check_pod
	s := {"name": "the pod", "options": pod_options}
}

subjects[s] {
	c := pspmigrate.containers[_]
	s := {"name": sprintf("container %v", [c.name]), "options": container_options(c)}
}

pod_options = options {
	o := input.review.object.spec.securityContext.seLinuxOptions
	options := [normalized(o)]
}

pod_options = [] {
	not pod_has_options
}

pod_has_options {
	_ = input.review.object.spec.securityContext.seLinuxOptions
}

container_options(c) = options {
	o := c.securityContext.seLinuxOptions
	options := [normalized(o)]
}

container_options(c) = options {
	not container_has_options(c)
	options := pod_options
}

container_has_options(c) {
	_ = c.securityContext.seLinuxOptions
}

normalized(o) = n {
	n := {
		"user": object.get(o, "user", ""),
		"role": object.get(o, "role", ""),
		"type": object.get(o, "type", ""),
		"level": object.get(o, "level", ""),
	}
}

# A policy without seLinuxOptions (MustRunAs that PSP admission could not
# use) matches nothing: `want` is undefined.
matches(p, s) {
	want := normalized(p.seLinux.seLinuxOptions)
	got := s.options[_]
	got.user == want.user
	got.role == want.role
	got.type == want.type
	equal_levels(want.level, got.level)
}

equal_levels(expected, actual) {
	expected == actual
}

# Same sensitivity (before the first ":"), same categories in any order.
equal_levels(expected, actual) {
	expected != actual
	i := indexof(expected, ":")
	j := indexof(actual, ":")
	i >= 0
	j >= 0
	substring(expected, 0, i) == substring(actual, 0, j)
	expected_categories := split(substring(expected, i + 1, -1), ",")
	actual_categories := split(substring(actual, j + 1, -1), ",")
	count(expected_categories) == count(actual_categories)
	sort(expected_categories) == sort(actual_categories)
}
