import type { GroupRule, IDRange } from '../../../model/types.js';
import type { ControlFamily, Schema } from '../family.js';
import { RANGES } from '../family.js';

/** The parameter schema of a PSP group strategy (runAsGroup, fsGroup, supplementalGroups): PSP-shaped. */
export function groupStrategySchema(field: string): Schema {
  return {
    type: 'object',
    description: `spec.${field} of the PodSecurityPolicy`,
    properties: {
      rule: { type: 'string', enum: ['MustRunAs', 'MayRunAs', 'RunAsAny'] },
      ranges: RANGES,
    },
  };
}

export function groupStrategyParams(strategy: { rule: GroupRule; ranges: readonly IDRange[] }): { rule: GroupRule; ranges: IDRange[] } {
  return { rule: strategy.rule, ranges: strategy.ranges.map((r) => ({ min: r.min, max: r.max })) };
}

/** spec.runAsGroup (group/{mustrunas,mayrunas,runasany}.go Validate, on the effective security context). */
export const groups: ControlFamily = {
  id: 'groups',
  kind: 'PspMigrateRunAsGroup',
  title: 'Primary group IDs',
  description:
    'PodSecurityPolicy spec.runAsGroup, as PSP admission validated each container\'s effective runAsGroup (its own, else the pod\'s; group/mustrunas.go, mayrunas.go, runasany.go): MustRunAs requires a runAsGroup in one of the ranges, MayRunAs requires it unset or in one of the ranges, RunAsAny allows any; a PSP without runAsGroup does not restrict it. The group PSP defaulted is not written into the pod.',
  findingFields: ['spec.runAsGroup'],
  rawFields: { spec: ['runAsGroup'] },
  schema: { runAsGroup: groupStrategySchema('runAsGroup') },
  params: (psp) => (psp.spec.runAsGroup ? { runAsGroup: groupStrategyParams(psp.spec.runAsGroup) } : {}),
  restricts: (psp) => psp.spec.runAsGroup !== undefined && psp.spec.runAsGroup.rule !== 'RunAsAny',
};
