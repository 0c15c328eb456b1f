import type { ControlFamily } from '../family.js';
import { capabilities } from './capabilities.js';
import { fsGroup } from './fs-group.js';
import { groups } from './groups.js';
import { privilegeEscalation } from './privilege-escalation.js';
import { procMount } from './proc-mount.js';
import { readOnlyRootFilesystem } from './read-only-root-filesystem.js';
import { supplementalGroups } from './supplemental-groups.js';
import { users } from './users.js';

export const CONTAINER_FAMILIES: readonly ControlFamily[] = [
  capabilities,
  privilegeEscalation,
  readOnlyRootFilesystem,
  procMount,
  users,
  groups,
  fsGroup,
  supplementalGroups,
];
