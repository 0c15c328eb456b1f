package pspmigratecsidrivers

import data.lib.pspmigrate

# spec.allowedCSIDrivers (provider.go validatePodVolumes:
# "Inline CSI driver is not allowed to be used"): the driver of every
# csi volume must be allowed by one policy; an empty or absent
# allowedCSIDrivers allows every driver. A volume is a csi volume when
# csi is its first source in upstream's type order (util.go
# GetVolumeFSType).
violation[{"msg": msg}] {
	pspmigrate.check_pod
	count(pspmigrate.policies) > 0
	count(driver_volumes) > 0
	not allowed
	msg := sprintf("inline CSI drivers of volumes %v are not allowed by the PodSecurityPolicy that applies (%v)", [concat(", ", shown), pspmigrate.policy_names])
}

# [name, driver] of each csi volume; the driver is "" when unset.
driver_volumes = [[object.get(v, "name", ""), object.get(v.csi, "driver", "")] |
	v := input.review.object.spec.volumes[_]
	_ = v.csi
	not earlier_source(v)
]

# The sources GetVolumeFSType looks at before csi.
earlier_sources = ["hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "storageos", "projected", "portworxVolume", "scaleIO"]

earlier_source(v) {
	k := earlier_sources[_]
	_ = v[k]
}

allowed {
	p := pspmigrate.policies[_]
	not denies(p)
}

denies(p) {
	v := driver_volumes[_]
	not allows_driver(p, v[1])
}

allows_driver(p, _) {
	count(object.get(p, "allowedCSIDrivers", [])) == 0
}

allows_driver(p, driver) {
	ds := object.get(p, "allowedCSIDrivers", [])
	ds[_].name == driver
}

# For the message: the volumes whose driver no policy allows, else all of them.
denied = [sprintf("%v (%v)", [v[0], v[1]]) | v := driver_volumes[_]; not some_policy_allows(v[1])]

some_policy_allows(driver) {
	p := pspmigrate.policies[_]
	allows_driver(p, driver)
}

shown = denied {
	count(denied) > 0
}

shown = [sprintf("%v (%v)", [v[0], v[1]]) | v := driver_volumes[_]] {
	count(denied) == 0
}
