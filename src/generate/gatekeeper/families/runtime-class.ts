import type { ControlFamily } from '../family.js';
import { STRINGS } from '../family.js';

/** spec.runtimeClass.allowedRuntimeClassNames (provider.go validateRuntimeClassName). */
export const runtimeClass: ControlFamily = {
  id: 'runtime-class',
  kind: 'PspMigrateRuntimeClass',
  title: 'Runtime classes',
  description:
    'PodSecurityPolicy spec.runtimeClass.allowedRuntimeClassNames: a pod that sets runtimeClassName must name a class one PodSecurityPolicy that applies allows: a policy without runtimeClass allows any, "*" allows any, an empty list none; a pod that sets none always passes (provider.go validateRuntimeClassName). spec.runtimeClass.defaultRuntimeClassName is a mutation and is not enforced here. Pod fields are immutable, so updates are not checked.',
  findingFields: ['spec.runtimeClass.allowedRuntimeClassNames'],
  rawFields: { spec: ['runtimeClass'] },
  schema: {
    runtimeClass: {
      type: 'object',
      description: 'spec.runtimeClass of the PodSecurityPolicy (absent: any runtime class)',
      properties: { allowedRuntimeClassNames: { ...STRINGS, description: 'RuntimeClass names, "*" for any' } },
    },
  },
  params: (psp) => (psp.spec.runtimeClass === undefined ? {} : { runtimeClass: { allowedRuntimeClassNames: [...psp.spec.runtimeClass.allowedRuntimeClassNames] } }),
  restricts: (psp) => psp.spec.runtimeClass !== undefined && !psp.spec.runtimeClass.allowedRuntimeClassNames.includes('*'),
};
