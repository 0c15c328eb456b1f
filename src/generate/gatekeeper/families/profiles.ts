import type { ControlFamily } from '../family.js';
import { appArmor } from './apparmor.js';
import { seccomp } from './seccomp.js';
import { seLinux } from './selinux.js';

/** The families that check security profiles: SELinux options, seccomp and AppArmor profiles. */
export const PROFILE_FAMILIES: readonly ControlFamily[] = [seLinux, seccomp, appArmor];
