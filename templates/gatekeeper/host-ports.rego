package pspmigratehostports

import data.lib.pspmigrate

# spec.hostPorts (provider.go hasInvalidHostPort): every host port of every
# container must be in a range of one policy. A port without hostPort (or 0)
# is no host port; in a hostNetwork pod the API server has already set an
# unset hostPort to the containerPort. An absent hostPorts allows no port, an
# absent min or max is 0, as in the PodSecurityPolicy.
violation[{"msg": msg}] {
	count(pspmigrate.policies) > 0
	count(host_ports) > 0
	not allowed
	msg := sprintf("host ports of containers %v are not allowed by the PodSecurityPolicy that applies (%v)", [concat(", ", shown), pspmigrate.policy_names])
}

# [container name, host port] for each host port a checked container asks for.
host_ports = [[object.get(c, "name", ""), port] |
	c := pspmigrate.containers[_]
	port := c.ports[_].hostPort
	port > 0
]

allowed {
	p := pspmigrate.policies[_]
	not denies(p)
}

denies(p) {
	hp := host_ports[_]
	not in_ranges(hp[1], object.get(p, "hostPorts", []))
}

in_ranges(port, ranges) {
	r := ranges[_]
	port >= object.get(r, "min", 0)
	port <= object.get(r, "max", 0)
}

# For the message: the host ports no policy allows, else all of them.
denied_ports = [hp | hp := host_ports[_]; not some_policy_allows(hp[1])]

some_policy_allows(port) {
	p := pspmigrate.policies[_]
	in_ranges(port, object.get(p, "hostPorts", []))
}

listed = denied_ports {
	count(denied_ports) > 0
}

listed = host_ports {
	count(denied_ports) == 0
}

listed_names = sort({hp[0] | hp := listed[_]})

shown = [sprintf("%v (%v)", [name, concat(", ", [sprintf("%v", [hp[1]]) | hp := listed[_]; hp[0] == name])]) | name := listed_names[_]]
