import type { ControlFamily } from '../family.js';

/** spec.allowedCSIDrivers (provider.go validatePodVolumes: "Inline CSI driver is not allowed to be used"). */
export const csiDrivers: ControlFamily = {
  id: 'csi-drivers',
  kind: 'PspMigrateCSIDrivers',
  title: 'Inline CSI drivers',
  description:
    'PodSecurityPolicy spec.allowedCSIDrivers: the driver of every inline csi volume must be listed by one PodSecurityPolicy that applies; an empty list allows every driver (provider.go validatePodVolumes). A volume is a csi volume when csi is its first source in upstream\'s order (util.go GetVolumeFSType); generic ephemeral volumes are not csi volumes. Whether csi volumes are allowed at all is the volumes template\'s business. Pod fields are immutable, so updates are not checked.',
  findingFields: ['spec.allowedCSIDrivers'],
  rawFields: { spec: ['allowedCSIDrivers'] },
  schema: {
    allowedCSIDrivers: {
      type: 'array',
      description: 'spec.allowedCSIDrivers of the PodSecurityPolicy (empty: any driver)',
      items: { type: 'object', properties: { name: { type: 'string' } } },
    },
  },
  params: (psp) => ({ allowedCSIDrivers: psp.spec.allowedCSIDrivers.map((d) => ({ name: d.name })) }),
  restricts: (psp) => psp.spec.allowedCSIDrivers.length > 0,
};
