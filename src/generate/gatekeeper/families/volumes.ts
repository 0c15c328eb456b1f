import { VOLUME_TYPES } from '../../../model/psp.js';
import type { ControlFamily } from '../family.js';
import { STRINGS } from '../family.js';

/** Every volume type PSP knew (without `*` and `none`). */
const ALL_TYPES = VOLUME_TYPES.filter((v) => v !== '*' && v !== 'none');

/** spec.volumes (provider.go validatePodVolumes: "%s volumes are not allowed to be used"). */
export const volumes: ControlFamily = {
  id: 'volumes',
  kind: 'PspMigrateVolumes',
  title: 'Volume types',
  description:
    'PodSecurityPolicy spec.volumes: every volume of a pod must be of a type one PodSecurityPolicy that applies lists, or that policy lists "*" (provider.go validatePodVolumes). The type is the first source found in upstream\'s order (util.go GetVolumeFSType; a volume without a source is an emptyDir), and a projected volume holding only the service account token, the kube-root-ca.crt ConfigMap and the namespace is allowed where secret is (util.go IsOnlyServiceAccountTokenSources). An empty list allows no volume. Pod fields are immutable, so updates are not checked.',
  findingFields: ['spec.volumes'],
  rawFields: { spec: ['volumes'] },
  schema: { volumes: { ...STRINGS, description: 'spec.volumes of the PodSecurityPolicy: volume types, "*" for any (empty: no volume)' } },
  params: (psp) => ({ volumes: [...psp.spec.volumes] }),
  restricts: (psp) => !psp.spec.volumes.includes('*') && !ALL_TYPES.every((t) => psp.spec.volumes.includes(t)),
};
