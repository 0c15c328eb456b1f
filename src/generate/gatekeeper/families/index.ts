/** Every control family, in the order templates and Constraints are written. */
import type { ControlFamily } from '../family.js';
import { POD_LEVEL_FAMILIES } from './pod-level.js';
import { CONTAINER_FAMILIES } from './containers.js';
import { PROFILE_FAMILIES } from './profiles.js';
import { privileged } from './privileged.js';

export const FAMILIES: readonly ControlFamily[] = [privileged, ...CONTAINER_FAMILIES, ...POD_LEVEL_FAMILIES, ...PROFILE_FAMILIES];
