/**
 * Constraints (constraints.gatekeeper.sh/v1beta1) from the plan: for each
 * group of namespaces where the same PodSecurityPolicies applied to the same
 * service accounts, and each control family that the namespaces' label does
 * not keep, one Constraint listing those PSPs as parameters — so a pod passes
 * when any PSP that applied to it allows it, as PSP admission did (per family;
 * across families this is an approximation the report names).
 */
import { createHash } from 'node:crypto';
import type { PspAnalysis } from '../../mapping/level.js';
import { fieldsBeyond } from '../../mapping/level.js';
import type { PodSecurityPolicy } from '../../model/types.js';
import type { NamespacePlan, Plan } from '../../plan/plan.js';
import type { Level, Version } from '../../pss/index.js';
import type { ControlFamily } from './family.js';
import { FAMILIES } from './families/index.js';

export type EnforcementAction = 'deny' | 'dryrun' | 'warn';

export interface PolicyEntry {
  psp: PodSecurityPolicy;
  /** Empty: every service account of the namespaces. */
  serviceAccounts: string[];
}

export interface ConstraintPlan {
  name: string;
  family: ControlFamily;
  namespaces: string[];
  entries: PolicyEntry[];
  /** The PSP fields of this family the namespaces' label does not keep, per PSP. */
  keeps: Map<string, string[]>;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Which PSPs apply to which accounts of one namespace: the same for every account → serviceAccounts []. */
function entriesOf(ns: NamespacePlan, psps: Map<string, PodSecurityPolicy>): PolicyEntry[] {
  return ns.psps.map((name) => {
    const users = ns.serviceAccounts.filter((s) => s.psps.some((p) => p.name === name)).map((s) => s.name);
    // A PSP every account of the namespace may use (through a namespace-wide or cluster-wide grant) applies to all pods.
    const everyone = ns.serviceAccounts.every((s) => s.psps.some((p) => p.name === name && p.grants.some((g) => !g.subject.startsWith('ServiceAccount '))));
    return { psp: psps.get(name)!, serviceAccounts: everyone ? [] : users.sort(byName) };
  });
}

function signature(entries: readonly PolicyEntry[], level: Level): string {
  return JSON.stringify([level, entries.map((e) => [e.psp.metadata.name, e.serviceAccounts])]);
}

/** A DNS-1123 subdomain of at most 63 characters (Constraint names), stable for the same input. */
export function constraintName(parts: readonly string[], suffix: string, taken: Set<string>): string {
  const base = `${parts.join('-')}-${suffix}`.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/-{2,}/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  let name = base.length <= 63 ? base : `${base.slice(0, 54).replace(/[^a-z0-9]+$/, '')}-${hash(base)}`;
  if (taken.has(name)) name = `${name.slice(0, 54).replace(/[^a-z0-9]+$/, '')}-${hash(`${base}\u0000${taken.size}`)}`;
  taken.add(name);
  return name;
}

function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 8);
}

export function planConstraints(plan: Plan, analyses: readonly PspAnalysis[], version: Version): ConstraintPlan[] {
  const psps = new Map(analyses.map((a) => [a.psp.metadata.name, a.psp]));
  // Group namespaces by what applied there and the level their label enforces.
  const groups = new Map<string, { namespaces: string[]; entries: PolicyEntry[]; level: Level }>();
  for (const ns of plan.namespaces) {
    if (ns.exempt || ns.psps.length === 0) continue;
    const entries = entriesOf(ns, psps);
    const key = signature(entries, ns.enforce);
    const group = groups.get(key) ?? { namespaces: [], entries, level: ns.enforce };
    group.namespaces.push(ns.name);
    groups.set(key, group);
  }
  // What each PSP keeps beyond a level, worked out once per PSP and level (not per family).
  const beyondCache = new Map<string, Set<string>>();
  const beyond = (psp: PodSecurityPolicy, level: Level) => {
    const key = `${psp.metadata.name}\u0000${level}`;
    let fields = beyondCache.get(key);
    if (!fields) beyondCache.set(key, (fields = fieldsBeyond(psp, level, version)));
    return fields;
  };
  const out: ConstraintPlan[] = [];
  const taken = new Set<string>();
  const sorted = [...groups.values()].sort((a, b) => byName(a.namespaces[0]!, b.namespaces[0]!));
  for (const family of FAMILIES) {
    for (const group of sorted) {
      // A PSP that applies to every pod and restricts nothing here lets every pod pass: nothing to keep.
      if (group.entries.some((e) => e.serviceAccounts.length === 0 && !family.restricts(e.psp))) continue;
      const keeps = new Map<string, string[]>();
      for (const e of group.entries) {
        const kept = beyond(e.psp, group.level);
        const fields = family.findingFields.filter((f) => kept.has(f));
        if (fields.length > 0) keeps.set(e.psp.metadata.name, fields);
      }
      if (keeps.size === 0) continue; // the namespaces' label keeps all of it
      out.push({ name: constraintName(group.entries.map((e) => e.psp.metadata.name), family.id, taken), family, namespaces: [...group.namespaces].sort(byName), entries: group.entries, keeps });
    }
  }
  return out;
}

export function constraintObject(c: ConstraintPlan, enforcementAction: EnforcementAction): Record<string, unknown> {
  return {
    apiVersion: 'constraints.gatekeeper.sh/v1beta1',
    kind: c.family.kind,
    metadata: { name: c.name },
    spec: {
      enforcementAction,
      match: { scope: 'Namespaced', kinds: [{ apiGroups: [''], kinds: ['Pod'] }], namespaces: c.namespaces },
      parameters: {
        policies: c.entries.map((e) => ({ name: e.psp.metadata.name, serviceAccounts: e.serviceAccounts, ...c.family.params(e.psp) })),
      },
    },
  };
}
