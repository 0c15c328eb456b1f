import type { ControlFamily } from '../family.js';
import { RANGES } from '../family.js';

/** spec.runAsUser (user/{mustrunas,nonroot,runasany}.go Validate, on the effective security context). */
export const users: ControlFamily = {
  id: 'users',
  kind: 'PspMigrateUsers',
  title: 'User IDs',
  description:
    'PodSecurityPolicy spec.runAsUser, as PSP admission validated each container\'s effective runAsUser and runAsNonRoot (its own, else the pod\'s; user/mustrunas.go, nonroot.go, runasany.go): MustRunAs requires a runAsUser in one of the ranges (a policy without ranges was unusable and admits nothing); MustRunAsNonRoot requires runAsNonRoot or runAsUser to be set, runAsNonRoot not false and runAsUser not 0; RunAsAny allows any. The user PSP defaulted is not written into the pod.',
  findingFields: ['spec.runAsUser'],
  rawFields: { spec: ['runAsUser'] },
  schema: {
    runAsUser: {
      type: 'object',
      description: 'spec.runAsUser of the PodSecurityPolicy',
      properties: {
        rule: { type: 'string', enum: ['MustRunAs', 'MustRunAsNonRoot', 'RunAsAny'] },
        ranges: RANGES,
      },
    },
  },
  params: (psp) => ({ runAsUser: { rule: psp.spec.runAsUser.rule, ranges: psp.spec.runAsUser.ranges.map((r) => ({ min: r.min, max: r.max })) } }),
  restricts: (psp) => psp.spec.runAsUser.rule !== 'RunAsAny',
};
