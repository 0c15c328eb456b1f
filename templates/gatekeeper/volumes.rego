package pspmigratevolumes

import data.lib.pspmigrate

# spec.volumes (provider.go validatePodVolumes, allowsVolumeType): every
# volume's type must be in the volumes of one policy, or that policy allows
# "*". A projected volume that holds only what the service account admission
# plugin injects counts as a secret. An absent volumes allows no volume, as in
# the PodSecurityPolicy.
violation[{"msg": msg}] {
	pspmigrate.check_pod
	count(pspmigrate.policies) > 0
	count(volumes) > 0
	not allowed
	msg := sprintf("volumes %v are not allowed by the PodSecurityPolicy that applies (%v)", [concat(", ", shown), pspmigrate.policy_names])
}

volumes = [v | v := input.review.object.spec.volumes[_]]

allowed {
	p := pspmigrate.policies[_]
	not denies(p)
}

denies(p) {
	v := volumes[_]
	not allows_volume(p, v)
}

allows_volume(p, _) {
	types := object.get(p, "volumes", [])
	types[_] == "*"
}

allows_volume(p, v) {
	types := object.get(p, "volumes", [])
	types[_] == volume_type(v)
}

allows_volume(p, v) {
	volume_type(v) == "projected"
	types := object.get(p, "volumes", [])
	types[_] == "secret"
	only_service_account_token(v.projected)
}

# util.go GetVolumeFSType: the first source in this order, as [key, type];
# a volume without a source is an emptyDir.
volume_sources = [
	["hostPath", "hostPath"],
	["emptyDir", "emptyDir"],
	["gcePersistentDisk", "gcePersistentDisk"],
	["awsElasticBlockStore", "awsElasticBlockStore"],
	["gitRepo", "gitRepo"],
	["secret", "secret"],
	["nfs", "nfs"],
	["iscsi", "iscsi"],
	["glusterfs", "glusterfs"],
	["persistentVolumeClaim", "persistentVolumeClaim"],
	["rbd", "rbd"],
	["flexVolume", "flexVolume"],
	["cinder", "cinder"],
	["cephfs", "cephFS"],
	["flocker", "flocker"],
	["downwardAPI", "downwardAPI"],
	["fc", "fc"],
	["azureFile", "azureFile"],
	["configMap", "configMap"],
	["vsphereVolume", "vsphereVolume"],
	["quobyte", "quobyte"],
	["azureDisk", "azureDisk"],
	["photonPersistentDisk", "photonPersistentDisk"],
	["storageos", "storageos"],
	["projected", "projected"],
	["portworxVolume", "portworxVolume"],
	["scaleIO", "scaleIO"],
	["csi", "csi"],
	["ephemeral", "ephemeral"],
]

volume_type(v) = t {
	found := [s[1] | s := volume_sources[_]; has_key(v, s[0])]
	types := array.concat(found, ["emptyDir"])
	t := types[0]
}

has_key(obj, key) {
	_ = obj[key]
}

# util.go IsOnlyServiceAccountTokenSources: the token at path "token" without
# audience, the kube-root-ca.crt ConfigMap, the namespace from the downward API.
only_service_account_token(projected) {
	sources := object.get(projected, "sources", [])
	not foreign_source(sources)
}

foreign_source(sources) {
	s := sources[_]
	not injected_source(s)
}

injected_source(s) {
	known_source(s)
	token_ok(s)
	config_map_ok(s)
	downward_api_ok(s)
}

known_source(s) {
	has_key(s, "serviceAccountToken")
}

known_source(s) {
	has_key(s, "configMap")
}

known_source(s) {
	has_key(s, "downwardAPI")
}

token_ok(s) {
	not has_key(s, "serviceAccountToken")
}

token_ok(s) {
	object.get(s.serviceAccountToken, "path", "") == "token"
	object.get(s.serviceAccountToken, "audience", "") == ""
}

config_map_ok(s) {
	not has_key(s, "configMap")
}

config_map_ok(s) {
	s.configMap.name == "kube-root-ca.crt"
}

downward_api_ok(s) {
	not has_key(s, "downwardAPI")
}

downward_api_ok(s) {
	items := object.get(s.downwardAPI, "items", [])
	not foreign_item(items)
}

foreign_item(items) {
	d := items[_]
	not namespace_item(d)
}

namespace_item(d) {
	d.path == "namespace"
	d.fieldRef.apiVersion == "v1"
	d.fieldRef.fieldPath == "metadata.namespace"
}

# For the message: the volumes no policy allows, else all of them.
denied = [describe(v) | v := volumes[_]; not some_policy_allows(v)]

some_policy_allows(v) {
	p := pspmigrate.policies[_]
	allows_volume(p, v)
}

describe(v) = d {
	d := sprintf("%v (%v)", [object.get(v, "name", ""), volume_type(v)])
}

shown = denied {
	count(denied) > 0
}

shown = [describe(v) | v := volumes[_]] {
	count(denied) == 0
}
