import type { ControlFamily } from '../family.js';

/** spec.readOnlyRootFilesystem (provider.go validateContainer: "ReadOnlyRootFilesystem must be set to true"). */
export const readOnlyRootFilesystem: ControlFamily = {
  id: 'read-only-root-filesystem',
  kind: 'PspMigrateReadOnlyRootFilesystem',
  title: 'Read-only root filesystem',
  description:
    'PodSecurityPolicy spec.readOnlyRootFilesystem, as PSP admission validated it (provider.go validateContainer): under a policy with readOnlyRootFilesystem: true, every container (init and ephemeral included) must set securityContext.readOnlyRootFilesystem: true; unset is refused, since PSP defaulted it and Gatekeeper here does not.',
  findingFields: ['spec.readOnlyRootFilesystem'],
  rawFields: { spec: ['readOnlyRootFilesystem'] },
  schema: { readOnlyRootFilesystem: { type: 'boolean', description: 'spec.readOnlyRootFilesystem of the PodSecurityPolicy' } },
  params: (psp) => ({ readOnlyRootFilesystem: psp.spec.readOnlyRootFilesystem }),
  restricts: (psp) => psp.spec.readOnlyRootFilesystem,
};
