package pspmigrateseccomp

import data.lib.pspmigrate

# metadata.annotations[seccomp.security.alpha.kubernetes.io/allowedProfileNames]
# (seccomp/strategy.go, v1.19+), as the list allowedProfileNames: "*" allows
# any profile; an empty list (no annotation) allows only an unset profile; an
# empty item allows an unset profile; runtime/default and docker/default
# stand for each other.
#
# The profiles (in annotation spelling, "" for unset):
# - the pod's: its annotation, else its spec.securityContext.seccompProfile;
# - a container's: its securityContext.seccompProfile, else its annotation
#   (when present, even empty), else the pod's field, else the pod's annotation.
violation[{"msg": msg}] {
	count(pspmigrate.policies) > 0
	not allowed
	labels := {l | p := pspmigrate.policies[_]; r := refused(p); l := r[_]}
	msg := sprintf("seccomp profiles of %v are not in the allowedProfileNames annotation of the PodSecurityPolicy that applies (%v)", [concat(", ", sort(labels)), pspmigrate.policy_names])
}

allowed {
	p := pspmigrate.policies[_]
	count(refused(p)) == 0
}

# The subjects (as labels) whose profile a policy refuses.
refused(p) = labels {
	l := object.get(p, "allowedProfileNames", [])
	labels := {s.label | s := subjects[_]; not allowed_profile(l, s.profile)}
}

allowed_profile(l, _) {
	l[_] == "*"
}

allowed_profile(l, profile) {
	l[_] == profile
}

allowed_profile(l, profile) {
	profile == ""
	count(l) == 0
}

allowed_profile(l, profile) {
	runtime_default(profile)
	runtime_default(l[_])
}

runtime_default(profile) {
	profile == "runtime/default"
}

runtime_default(profile) {
	profile == "docker/default"
}

# What PSP checks: the pod's profile (on CREATE), then each container's.
subjects[s] {
	pspmigrate.check_pod
	s := subject("the pod", pod_profile)
}

subjects[s] {
	c := pspmigrate.containers[_]
	name := sprintf("container %v", [c.name])
	s := subject(name, container_profile(c))
}

subject(name, profile) = s {
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

pod_annotation = value {
	value := object.get(annotations, "seccomp.security.alpha.kubernetes.io/pod", "")
}

# podutil.SeccompAnnotationForField: "" for Localhost without a
# localhostProfile, or an unknown type.
for_field(f) = "unconfined" {
	f.type == "Unconfined"
}

for_field(f) = "runtime/default" {
	f.type == "RuntimeDefault"
}

for_field(f) = value {
	f.type == "Localhost"
	value := concat("", ["localhost/", f.localhostProfile])
}

for_field(f) = "" {
	not known_field(f)
}

known_field(f) {
	f.type == "Unconfined"
}

known_field(f) {
	f.type == "RuntimeDefault"
}

known_field(f) {
	f.type == "Localhost"
	_ = f.localhostProfile
}

# The pod's field as an annotation value: none or one.
pod_field = values {
	f := input.review.object.spec.securityContext.seccompProfile
	values := [for_field(f)]
}

pod_field = values {
	not has_pod_field
	values := []
}

has_pod_field {
	_ = input.review.object.spec.securityContext.seccompProfile
}

pod_profile = pod_annotation {
	pod_annotation != ""
}

pod_profile = value {
	pod_annotation == ""
	value := pod_field[0]
}

pod_profile = "" {
	pod_annotation == ""
	count(pod_field) == 0
}

container_key(c) = key {
	key := concat("", ["container.seccomp.security.alpha.kubernetes.io/", c.name])
}

container_profile(c) = value {
	value := for_field(c.securityContext.seccompProfile)
}

container_profile(c) = value {
	not has_container_field(c)
	key := container_key(c)
	value := annotations[key]
}

container_profile(c) = value {
	not has_container_field(c)
	not has_container_annotation(c)
	value := pod_field[0]
}

container_profile(c) = pod_annotation {
	not has_container_field(c)
	not has_container_annotation(c)
	count(pod_field) == 0
}

has_container_field(c) {
	_ = c.securityContext.seccompProfile
}

has_container_annotation(c) {
	key := container_key(c)
	_ = annotations[key]
}
