import type { ControlFamily } from '../family.js';

/** spec.allowedHostPaths (provider.go validatePodVolumes, util.go AllowsHostVolumePath and hasPathPrefix). */
export const hostPaths: ControlFamily = {
  id: 'host-paths',
  kind: 'PspMigrateHostPaths',
  title: 'Host paths',
  description:
    'PodSecurityPolicy spec.allowedHostPaths: the path of every hostPath volume must be under a pathPrefix of one PodSecurityPolicy that applies, on path segment boundaries with trailing slashes ignored (util.go hasPathPrefix); an empty list allows any path. Where that policy allows a path only read-only (no matching entry with readOnly false), every container must mount the volume readOnly (util.go AllowsHostVolumePath, provider.go validatePodVolumes). Whether hostPath volumes are allowed at all is the volumes template\'s business. Volumes are checked on create, mounts also on updates (ephemeral containers).',
  findingFields: ['spec.allowedHostPaths'],
  rawFields: { spec: ['allowedHostPaths'] },
  schema: {
    allowedHostPaths: {
      type: 'array',
      description: 'spec.allowedHostPaths of the PodSecurityPolicy (empty: any path)',
      items: { type: 'object', properties: { pathPrefix: { type: 'string' }, readOnly: { type: 'boolean' } } },
    },
  },
  params: (psp) => ({ allowedHostPaths: psp.spec.allowedHostPaths.map((p) => ({ pathPrefix: p.pathPrefix, readOnly: p.readOnly })) }),
  restricts: (psp) => psp.spec.allowedHostPaths.length > 0,
};
