import type { ControlFamily } from '../family.js';
import { groupStrategyParams, groupStrategySchema } from './groups.js';

/** spec.fsGroup (group/{mustrunas,mayrunas,runasany}.go Validate, on the pod's fsGroup). */
export const fsGroup: ControlFamily = {
  id: 'fs-group',
  kind: 'PspMigrateFSGroup',
  title: 'fsGroup',
  description:
    'PodSecurityPolicy spec.fsGroup, as PSP admission validated the pod\'s securityContext.fsGroup (provider.go ValidatePod; group/mustrunas.go, mayrunas.go, runasany.go): MustRunAs requires an fsGroup in one of the ranges, MayRunAs requires it unset or in one of the ranges, RunAsAny allows any. Checked on CREATE only. The fsGroup PSP defaulted is not written into the pod.',
  findingFields: ['spec.fsGroup'],
  rawFields: { spec: ['fsGroup'] },
  schema: { fsGroup: groupStrategySchema('fsGroup') },
  params: (psp) => ({ fsGroup: groupStrategyParams(psp.spec.fsGroup) }),
  restricts: (psp) => psp.spec.fsGroup.rule !== 'RunAsAny',
};
