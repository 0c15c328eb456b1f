package lib.pspmigrate

# The policies (PodSecurityPolicies, as Constraint parameters) that apply to
# the pod: those without serviceAccounts, and those naming its account.
policies[p] {
	p := input.parameters.policies[_]
	applies(p)
}

applies(p) {
	not p.serviceAccounts
}

applies(p) {
	count(p.serviceAccounts) == 0
}

applies(p) {
	p.serviceAccounts[_] == service_account
}

service_account = name {
	name := input.review.object.spec.serviceAccountName
	name != ""
}

service_account = "default" {
	not named_service_account
}

named_service_account {
	input.review.object.spec.serviceAccountName != ""
}

is_update {
	input.review.operation == "UPDATE"
}

# Containers to check: all of them on CREATE (and in audit); on UPDATE only
# ephemeral containers, the one part of a pod that can change.
containers[c] {
	not is_update
	c := input.review.object.spec.containers[_]
}

containers[c] {
	not is_update
	c := input.review.object.spec.initContainers[_]
}

containers[c] {
	c := input.review.object.spec.ephemeralContainers[_]
}

# Pod-level fields are checked on CREATE (and in audit) only.
check_pod {
	not is_update
}

policy_names = concat(", ", sort([p.name | p := policies[_]]))
