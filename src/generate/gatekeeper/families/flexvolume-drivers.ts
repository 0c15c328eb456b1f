import type { ControlFamily } from '../family.js';

/** spec.allowedFlexVolumes (provider.go validatePodVolumes: "Flexvolume driver is not allowed to be used"). */
export const flexVolumeDrivers: ControlFamily = {
  id: 'flexvolume-drivers',
  kind: 'PspMigrateFlexVolumeDrivers',
  title: 'FlexVolume drivers',
  description:
    'PodSecurityPolicy spec.allowedFlexVolumes: the driver of every flexVolume volume must be listed by one PodSecurityPolicy that applies; an empty list allows every driver (provider.go validatePodVolumes). A volume is a flexVolume volume when flexVolume is its first source in upstream\'s order (util.go GetVolumeFSType). Whether flexVolume volumes are allowed at all is the volumes template\'s business. Pod fields are immutable, so updates are not checked.',
  findingFields: ['spec.allowedFlexVolumes'],
  rawFields: { spec: ['allowedFlexVolumes'] },
  schema: {
    allowedFlexVolumes: {
      type: 'array',
      description: 'spec.allowedFlexVolumes of the PodSecurityPolicy (empty: any driver)',
      items: { type: 'object', properties: { driver: { type: 'string' } } },
    },
  },
  params: (psp) => ({ allowedFlexVolumes: psp.spec.allowedFlexVolumes.map((f) => ({ driver: f.driver })) }),
  restricts: (psp) => psp.spec.allowedFlexVolumes.length > 0,
};
