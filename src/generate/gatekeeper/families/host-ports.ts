import type { IDRange } from '../../../model/types.js';
import type { ControlFamily } from '../family.js';
import { RANGES } from '../family.js';

/** Whether the ranges together cover every host port, 1–65535. */
function coversEveryPort(ranges: readonly IDRange[]): boolean {
  let next = 1;
  for (const r of [...ranges].sort((a, b) => a.min - b.min)) {
    if (r.min > next) return false;
    next = Math.max(next, r.max + 1);
    if (next > 65535) return true;
  }
  return false;
}

/** spec.hostPorts (provider.go hasInvalidHostPort: "Host port %d is not allowed to be used"). */
export const hostPorts: ControlFamily = {
  id: 'host-ports',
  kind: 'PspMigrateHostPorts',
  title: 'Host ports',
  description:
    'PodSecurityPolicy spec.hostPorts: every hostPort of every container (init and ephemeral included) must be in a range of one PodSecurityPolicy that applies; an unset or 0 hostPort is no host port (provider.go hasInvalidHostPort). In a hostNetwork pod the API server sets an unset hostPort to the containerPort before admission, so those ports are checked too. Several ranges are kept as they are, unlike the single range of the library template.',
  findingFields: ['spec.hostPorts'],
  rawFields: { spec: ['hostPorts'] },
  schema: { hostPorts: { ...RANGES, description: 'spec.hostPorts of the PodSecurityPolicy (empty: no host port)' } },
  params: (psp) => ({ hostPorts: psp.spec.hostPorts.map((r) => ({ min: r.min, max: r.max })) }),
  restricts: (psp) => !coversEveryPort(psp.spec.hostPorts),
};
