import { APPARMOR_ALLOWED } from '../../../model/psp.js';
import type { ControlFamily } from '../family.js';
import { STRINGS } from '../family.js';

/** The AppArmor allowedProfileNames annotation (apparmor/strategy.go Validate, per container). */
export const appArmor: ControlFamily = {
  id: 'apparmor',
  kind: 'PspMigrateAppArmor',
  title: 'AppArmor profiles',
  description:
    `PodSecurityPolicy annotation ${APPARMOR_ALLOWED}, as the upstream AppArmor strategy validated it: when the policy has it, every container needs a profile (its container.apparmor.security.beta.kubernetes.io/<name> annotation) that is an item of allowedProfileNames; an unset profile is refused even when the list has an empty item (a trailing comma), and "*" is no wildcard. A policy without the annotation allows any profile.`,
  findingFields: [`metadata.annotations[${APPARMOR_ALLOWED}]`],
  rawFields: { spec: [], annotations: [APPARMOR_ALLOWED] },
  schema: {
    allowedProfileNames: {
      ...STRINGS,
      description: `The PodSecurityPolicy's ${APPARMOR_ALLOWED} annotation split on ","; absent (no annotation): any profile, or none, is allowed`,
    },
  },
  params: (psp) => (psp.appArmor.allowed === undefined ? {} : { allowedProfileNames: psp.appArmor.allowed.raw.split(',') }),
  restricts: (psp) => psp.appArmor.allowed !== undefined,
};
