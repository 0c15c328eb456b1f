// Follows upstream policy/check_procMount_restricted.go: from v1.35, restricted runs the strict procMount check
// (no user-namespace relaxation) in place of the baseline procMount check.
import type { Check } from '../check.js';
import { procMount_1_0 } from './procMount.js';

export const procMount_restricted: Check = {
  id: 'procMount_restricted',
  level: 'restricted',
  revisions: [{ minVersion: 'v1.35', check: procMount_1_0, overrides: ['procMount'] }],
};
