import type { ControlFamily } from '../family.js';

const OPTION = { type: 'string' } as const;

/**
 * spec.seLinux (selinux/mustrunas.go Validate, on the pod and on each
 * container's effective security context; equalLevels for the level).
 */
export const seLinux: ControlFamily = {
  id: 'selinux',
  kind: 'PspMigrateSELinux',
  title: 'SELinux options',
  description:
    'PodSecurityPolicy spec.seLinux, as the upstream MustRunAs strategy validated it: with rule MustRunAs the pod\'s spec.securityContext.seLinuxOptions and each container\'s effective options (its own, else the pod\'s) must be set and equal the policy\'s seLinuxOptions (user, role, type and level; an unset one is ""; levels compare their MCS categories in any order). RunAsAny allows any options. A MustRunAs policy without seLinuxOptions, which PSP admission could not use, allows no pod.',
  findingFields: ['spec.seLinux'],
  rawFields: { spec: ['seLinux'] },
  schema: {
    seLinux: {
      type: 'object',
      description: 'spec.seLinux of the PodSecurityPolicy',
      properties: {
        rule: { type: 'string', description: 'MustRunAs or RunAsAny' },
        seLinuxOptions: {
          type: 'object',
          description: 'The options MustRunAs requires (an unset one must be unset on the pod too)',
          properties: { user: OPTION, role: OPTION, type: OPTION, level: OPTION },
        },
      },
    },
  },
  params: (psp) => {
    const { rule, seLinuxOptions } = psp.spec.seLinux;
    return { seLinux: { rule, ...(seLinuxOptions ? { seLinuxOptions: { ...seLinuxOptions } } : {}) } };
  },
  restricts: (psp) => psp.spec.seLinux.rule === 'MustRunAs',
};
