import type { ControlFamily } from '../family.js';

export const PROFILE_FAMILIES: readonly ControlFamily[] = [];
