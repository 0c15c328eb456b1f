import type { ControlFamily } from '../family.js';

/** spec.hostNetwork, spec.hostPID, spec.hostIPC (provider.go ValidatePod: "Host network is not allowed to be used", …). */
export const hostNamespaces: ControlFamily = {
  id: 'host-namespaces',
  kind: 'PspMigrateHostNamespaces',
  title: 'Host namespaces',
  description:
    'PodSecurityPolicy spec.hostNetwork, spec.hostPID and spec.hostIPC: a pod may set hostNetwork, hostPID or hostIPC to true only if one PodSecurityPolicy that applies allows each of those it sets (provider.go ValidatePod). Each namespace is controlled on its own, unlike the library template that ties hostPID and hostIPC together. Pod fields are immutable, so updates are not checked.',
  findingFields: ['spec.hostNetwork', 'spec.hostPID', 'spec.hostIPC'],
  rawFields: { spec: ['hostNetwork', 'hostPID', 'hostIPC'] },
  schema: {
    hostNetwork: { type: 'boolean', description: 'spec.hostNetwork of the PodSecurityPolicy' },
    hostPID: { type: 'boolean', description: 'spec.hostPID of the PodSecurityPolicy' },
    hostIPC: { type: 'boolean', description: 'spec.hostIPC of the PodSecurityPolicy' },
  },
  params: (psp) => ({ hostNetwork: psp.spec.hostNetwork, hostPID: psp.spec.hostPID, hostIPC: psp.spec.hostIPC }),
  restricts: (psp) => !(psp.spec.hostNetwork && psp.spec.hostPID && psp.spec.hostIPC),
};
