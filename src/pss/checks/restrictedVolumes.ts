// Follows upstream policy/check_restrictedVolumes.go: only configMap, csi, downwardAPI, emptyDir, ephemeral,
// image, persistentVolumeClaim, projected and secret volumes. Replaces hostPathVolumes in restricted. The
// `image` type is allowed in every policy version, as upstream. A volume without any source was defaulted to
// emptyDir when the pod was read (defaults.ts).
import { forbidden, ALLOWED, type Check, type CheckFn } from '../check.js';
import { joinQuote, pluralize, sortedUnique } from '../helpers.js';
import type { VolumeView } from '../pod.js';

const ALLOWED_SOURCES: ReadonlySet<string> = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret',
]);

/** The order in which a forbidden volume's type is named. */
const RESTRICTED_SOURCES: readonly string[] = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd',
  'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk',
  'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
];

function restrictedType(volume: VolumeView): string {
  return RESTRICTED_SOURCES.find((source) => volume.sources.includes(source)) ?? 'unknown';
}

const restrictedVolumes_1_0: CheckFn = (pod) => {
  const bad = pod.volumes.filter((volume) => !volume.sources.some((source) => ALLOWED_SOURCES.has(source)));
  if (bad.length === 0) return ALLOWED;
  const names = bad.map((volume) => volume.name);
  const types = sortedUnique(bad.map(restrictedType));
  return forbidden(
    'restricted volume types',
    `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('restricted volume type', 'restricted volume types', types.length)} ${joinQuote(types)}`,
  );
};

export const restrictedVolumes: Check = {
  id: 'restrictedVolumes',
  level: 'restricted',
  revisions: [{ minVersion: 'v1.0', check: restrictedVolumes_1_0, overrides: ['hostPathVolumes'] }],
};
