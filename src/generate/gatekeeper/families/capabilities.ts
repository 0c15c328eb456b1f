import type { ControlFamily } from '../family.js';
import { STRINGS } from '../family.js';

/**
 * spec.allowedCapabilities, spec.defaultAddCapabilities and
 * spec.requiredDropCapabilities (capabilities/capabilities.go Validate).
 */
export const capabilities: ControlFamily = {
  id: 'capabilities',
  kind: 'PspMigrateCapabilities',
  title: 'Linux capabilities',
  description:
    'PodSecurityPolicy spec.allowedCapabilities, spec.defaultAddCapabilities and spec.requiredDropCapabilities, as PSP admission validated a container\'s own securityContext.capabilities (capabilities/capabilities.go): a container without capabilities is allowed only if the policy neither adds nor requires dropping any; `*` in allowedCapabilities allows any; otherwise every added capability must be in allowedCapabilities or defaultAddCapabilities, and every requiredDropCapabilities item must be dropped. The defaults PSP added are not written into the pod.',
  findingFields: ['spec.allowedCapabilities', 'spec.defaultAddCapabilities', 'spec.requiredDropCapabilities'],
  rawFields: { spec: ['allowedCapabilities', 'defaultAddCapabilities', 'requiredDropCapabilities'] },
  schema: {
    allowedCapabilities: { ...STRINGS, description: 'spec.allowedCapabilities of the PodSecurityPolicy (`*`: any)' },
    defaultAddCapabilities: { ...STRINGS, description: 'spec.defaultAddCapabilities of the PodSecurityPolicy (a container may add these)' },
    requiredDropCapabilities: { ...STRINGS, description: 'spec.requiredDropCapabilities of the PodSecurityPolicy (every container must drop these)' },
  },
  params: (psp) => ({
    allowedCapabilities: [...psp.spec.allowedCapabilities],
    defaultAddCapabilities: [...psp.spec.defaultAddCapabilities],
    requiredDropCapabilities: [...psp.spec.requiredDropCapabilities],
  }),
  restricts: (psp) => !(psp.spec.allowedCapabilities.includes('*') && psp.spec.defaultAddCapabilities.length === 0 && psp.spec.requiredDropCapabilities.length === 0),
};
