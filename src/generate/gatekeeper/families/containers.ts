import type { ControlFamily } from '../family.js';

export const CONTAINER_FAMILIES: readonly ControlFamily[] = [];
