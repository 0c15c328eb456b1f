package pspmigrateapparmor

import data.lib.pspmigrate

# metadata.annotations[apparmor.security.beta.kubernetes.io/allowedProfileNames]
# (apparmor/strategy.go Validate), as the list allowedProfileNames: a policy
# without it allows any profile. With it, every container needs a profile
# (its container.apparmor.security.beta.kubernetes.io/<name> annotation, ""
# when absent) that is an item of the list: an unset profile is refused even
# when the list has an empty item (a trailing comma), and "*" is no wildcard.
violation[{"msg": msg}] {
	count(pspmigrate.policies) > 0
	not allowed
	labels := {l | p := pspmigrate.policies[_]; r := refused(p); l := r[_]}
	msg := sprintf("AppArmor profiles of %v are not in the allowedProfileNames annotation of the PodSecurityPolicy that applies (%v)", [concat(", ", sort(labels)), pspmigrate.policy_names])
}

allowed {
	p := pspmigrate.policies[_]
	count(refused(p)) == 0
}

# The containers (as labels) whose profile a policy refuses.
refused(p) = labels {
	not restricts(p)
	labels := set()
}

refused(p) = labels {
	restricts(p)
	labels := {s.label | s := subjects[_]; not allowed_profile(p.allowedProfileNames, s.profile)}
}

restricts(p) {
	_ = p.allowedProfileNames
}

allowed_profile(l, profile) {
	profile != ""
	l[_] == profile
}

subjects[s] {
	c := pspmigrate.containers[_]
	name := sprintf("container %v", [c.name])
	key := concat("", ["container.apparmor.security.beta.kubernetes.io/", c.name])
	profile := object.get(annotations, key, "")
	s := {"name": name, "profile": profile, "label": sprintf("%v (%v)", [name, shown(profile)])}
}

shown(profile) = "no profile" {
	profile == ""
}

shown(profile) = profile {
	profile != ""
}

annotations = a {
	a := object.get(object.get(input.review.object, "metadata", {}), "annotations", {})
}
