import type { ControlFamily } from '../family.js';

export const POD_LEVEL_FAMILIES: readonly ControlFamily[] = [];
