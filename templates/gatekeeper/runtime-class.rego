package pspmigrateruntimeclass

import data.lib.pspmigrate

# spec.runtimeClass.allowedRuntimeClassNames (provider.go
# validateRuntimeClassName): a pod's runtimeClassName must be allowed by one
# policy. A pod without one passes (a policy's defaultRuntimeClassName is a
# mutation, and always allowed); a policy without runtimeClass allows any;
# "*" allows any; an absent allowedRuntimeClassNames allows none.
violation[{"msg": msg}] {
	pspmigrate.check_pod
	count(pspmigrate.policies) > 0
	name := input.review.object.spec.runtimeClassName
	not allowed(name)
	msg := sprintf("runtime class %v is not allowed by the PodSecurityPolicy that applies (%v)", [name, pspmigrate.policy_names])
}

allowed(_) {
	p := pspmigrate.policies[_]
	not has_key(p, "runtimeClass")
}

allowed(_) {
	p := pspmigrate.policies[_]
	names := object.get(p.runtimeClass, "allowedRuntimeClassNames", [])
	names[_] == "*"
}

allowed(name) {
	p := pspmigrate.policies[_]
	names := object.get(p.runtimeClass, "allowedRuntimeClassNames", [])
	names[_] == name
}

has_key(obj, key) {
	_ = obj[key]
}
