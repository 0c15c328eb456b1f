import type { ControlFamily } from '../family.js';
import { groupStrategyParams, groupStrategySchema } from './groups.js';

/** spec.supplementalGroups (group/{mustrunas,mayrunas,runasany}.go Validate, on the pod's supplementalGroups). */
export const supplementalGroups: ControlFamily = {
  id: 'supplemental-groups',
  kind: 'PspMigrateSupplementalGroups',
  title: 'Supplemental group IDs',
  description:
    'PodSecurityPolicy spec.supplementalGroups, as PSP admission validated the pod\'s securityContext.supplementalGroups (provider.go ValidatePod; group/mustrunas.go, mayrunas.go, runasany.go): MustRunAs requires at least one group (an empty list is refused like an unset one), each in one of the ranges; MayRunAs requires each group, if any, in one of the ranges; RunAsAny allows any. Checked on CREATE only. The groups PSP defaulted are not written into the pod.',
  findingFields: ['spec.supplementalGroups'],
  rawFields: { spec: ['supplementalGroups'] },
  schema: { supplementalGroups: groupStrategySchema('supplementalGroups') },
  params: (psp) => ({ supplementalGroups: groupStrategyParams(psp.spec.supplementalGroups) }),
  restricts: (psp) => psp.spec.supplementalGroups.rule !== 'RunAsAny',
};
