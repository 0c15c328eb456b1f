import type { ControlFamily } from '../family.js';

/** spec.allowedProcMountTypes (provider.go validateContainer: "ProcMountType is not allowed"). */
export const procMount: ControlFamily = {
  id: 'proc-mount',
  kind: 'PspMigrateProcMount',
  title: 'Proc mount types',
  description:
    'PodSecurityPolicy spec.allowedProcMountTypes, as PSP admission validated it (provider.go validateContainer): every container\'s securityContext.procMount, unset read as Default, must be in the list; an empty list means [Default].',
  findingFields: ['spec.allowedProcMountTypes'],
  rawFields: { spec: ['allowedProcMountTypes'] },
  schema: {
    allowedProcMountTypes: { type: 'array', items: { type: 'string', enum: ['Default', 'Unmasked'] }, description: 'spec.allowedProcMountTypes of the PodSecurityPolicy (empty: Default only)' },
  },
  params: (psp) => ({ allowedProcMountTypes: [...psp.spec.allowedProcMountTypes] }),
  restricts: (psp) => !(psp.spec.allowedProcMountTypes.includes('Default') && psp.spec.allowedProcMountTypes.includes('Unmasked')),
};
