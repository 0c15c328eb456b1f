package pspmigratehostpaths

import data.lib.pspmigrate

# spec.allowedHostPaths (provider.go validatePodVolumes, util.go
# AllowsHostVolumePath): one policy must allow the path of every hostPath
# volume (an empty or absent list allows any path; a prefix matches on path
# segment boundaries, trailing slashes ignored), and every container must
# mount read-only the host paths that policy allows only read-only (a path
# matched by a writable entry is writable). Containers are checked on UPDATE
# too (ephemeral ones); volumes only on CREATE.
violation[{"msg": msg}] {
	count(pspmigrate.policies) > 0
	count(host_path_volumes) > 0
	not allowed
	msg := sprintf("%v by the PodSecurityPolicy that applies (%v)", [problems, pspmigrate.policy_names])
}

# [name, path, path ending in one "/"] of each hostPath volume: a path is
# under a prefix exactly when it starts with the prefix ending in one "/".
host_path_volumes = [[name, path, slashed(path)] |
	v := input.review.object.spec.volumes[_]
	_ = v.hostPath
	name := object.get(v, "name", "")
	path := object.get(v.hostPath, "path", "")
]

slashed(s) = s {
	endswith(s, "/")
}

slashed(s) = t {
	not endswith(s, "/")
	t := concat("", [s, "/"])
}

under(v, e) {
	startswith(v[2], slashed(e.pathPrefix))
}

allowed {
	p := pspmigrate.policies[_]
	not denies(p)
}

denies(p) {
	pspmigrate.check_pod
	v := host_path_volumes[_]
	not path_allowed(p, v)
}

denies(p) {
	m := writable_mounts[_]
	v := host_path_volumes[_]
	v[0] == m[1]
	not writable(p, v)
}

entries(p) = e {
	e := object.get(p, "allowedHostPaths", [])
}

path_allowed(p, _) {
	count(entries(p)) == 0
}

path_allowed(p, v) {
	es := entries(p)
	e := es[_]
	under(v, e)
}

writable(p, _) {
	count(entries(p)) == 0
}

writable(p, v) {
	es := entries(p)
	e := es[_]
	under(v, e)
	not object.get(e, "readOnly", false) == true
}

# [container name, volume name] of each mount that is not read-only.
writable_mounts = [[object.get(c, "name", ""), m.name] |
	c := pspmigrate.containers[_]
	m := c.volumeMounts[_]
	not object.get(m, "readOnly", false) == true
]

# For the message: the hostPath volumes no policy allows (on CREATE), and the
# writable mounts of host paths no policy allows writable.
denied_volumes = [sprintf("%v (%v)", [v[0], v[1]]) |
	pspmigrate.check_pod
	v := host_path_volumes[_]
	not some_policy_allows_path(v)
]

some_policy_allows_path(v) {
	p := pspmigrate.policies[_]
	path_allowed(p, v)
}

denied_mounts = [m |
	m := writable_mounts[_]
	v := host_path_volumes[_]
	v[0] == m[1]
	not some_policy_allows_writable(v)
]

some_policy_allows_writable(v) {
	p := pspmigrate.policies[_]
	writable(p, v)
}

denied_mount_containers = sort({m[0] | m := denied_mounts[_]})

denied_mounts_shown = [sprintf("%v (%v)", [name, concat(", ", [m[1] | m := denied_mounts[_]; m[0] == name])]) | name := denied_mount_containers[_]]

problem_parts = array.concat(
	[sprintf("hostPath volumes %v are not allowed", [concat(", ", denied_volumes)]) | count(denied_volumes) > 0],
	[sprintf("writable mounts of read-only host paths in containers %v are not allowed", [concat(", ", denied_mounts_shown)]) | count(denied_mounts_shown) > 0]
)

problems = concat("; ", problem_parts) {
	count(problem_parts) > 0
}

problems = msg {
	count(problem_parts) == 0
	msg := sprintf("hostPath volumes %v and their mounts are not allowed together", [concat(", ", [sprintf("%v (%v)", [v[0], v[1]]) | v := host_path_volumes[_]])])
}
