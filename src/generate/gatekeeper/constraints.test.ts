import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../../../test/helpers.js';
import { parseSource, readInputs } from '../../input/read.js';
import { analyzePsp } from '../../mapping/level.js';
import { buildInventory } from '../../model/objects.js';
import type { Inventory } from '../../model/types.js';
import { DEFAULT_EXEMPT_NAMESPACES, buildPlan } from '../../plan/plan.js';
import { resolveRbac } from '../../rbac/resolve.js';
import { generate } from '../bundle.js';
import { toYamlStream } from '../manifests.js';
import { constraintName, constraintObject, planConstraints } from './constraints.js';
import { mutatorObject, planMutations } from './mutations.js';

function planOf(inv: Inventory) {
  const analyses = inv.psps.map((p) => analyzePsp(p));
  const plan = buildPlan(inv, analyses, resolveRbac(inv), { version: 'latest', exemptNamespaces: DEFAULT_EXEMPT_NAMESPACES, tighten: false });
  return { analyses, plan };
}

async function seed() {
  const { objects, sources } = await readInputs({ filenames: ['testdata/examples/seed-cluster'], cwd: REPO_ROOT, readStdin: async () => Buffer.alloc(0) });
  return planOf(buildInventory(objects, sources));
}

const inventoryOf = (...docs: string[]) => buildInventory(parseSource(docs.join('---\n'), 'c.yaml'), ['c.yaml']);
const RESTRICTED = readFileSync(path.join(REPO_ROOT, 'testdata/mapping/table-restricted-psp.yaml'), 'utf8');
const GRANT = (psp: string, subject: string, ns?: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: use-${psp}}
rules: [{apiGroups: [policy], resources: [podsecuritypolicies], verbs: [use], resourceNames: [${psp}]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${ns ? 'RoleBinding' : 'ClusterRoleBinding'}
metadata: {name: use-${psp}${ns ? `, namespace: ${ns}` : ''}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: use-${psp}}
subjects: [${subject}]
`;

describe('Constraints', () => {
  it('seed: shop keeps restricted; legacy keeps restricted for every account and legacy-root for legacy-app', async () => {
    const { plan, analyses } = await seed();
    const privileged = planConstraints(plan, analyses, 'latest').filter((c) => c.family.id === 'privileged');
    expect(privileged.map((c) => [c.name, c.namespaces, c.entries.map((e) => [e.psp.metadata.name, e.serviceAccounts])])).toEqual([
      ['legacy-root-restricted-privileged', ['legacy'], [['legacy-root', ['legacy-app']], ['restricted', []]]],
      ['restricted-privileged', ['shop'], [['restricted', []]]],
    ]);
    expect(constraintObject(privileged[1]!, 'dryrun')).toEqual({
      apiVersion: 'constraints.gatekeeper.sh/v1beta1',
      kind: 'PspMigratePrivileged',
      metadata: { name: 'restricted-privileged' },
      spec: {
        enforcementAction: 'dryrun',
        match: { scope: 'Namespaced', kinds: [{ apiGroups: [''], kinds: ['Pod'] }], namespaces: ['shop'] },
        parameters: { policies: [{ name: 'restricted', serviceAccounts: [], privileged: false }] },
      },
    });
  });

  it('groups namespaces where the same PSPs applied, and leaves out what the label keeps', () => {
    const ns = (n: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n`;
    const inv = inventoryOf(RESTRICTED, GRANT('table-restricted', '{kind: Group, name: "system:serviceaccounts"}'), ns('a'), ns('b'));
    const { plan, analyses } = planOf(inv);
    expect(plan.namespaces.map((n) => n.enforce)).toEqual(['restricted', 'restricted']);
    // restricted forbids privileged containers itself: no Constraint for that family.
    expect(planConstraints(plan, analyses, 'latest').filter((c) => c.family.id === 'privileged')).toEqual([]);
  });

  it('a PSP that allows privileged containers to every pod needs no privileged Constraint', async () => {
    const priv = RESTRICTED.replace('name: table-restricted', 'name: open').replace('privileged: false', 'privileged: true');
    const inv = inventoryOf(RESTRICTED, priv, GRANT('table-restricted', '{kind: Group, name: "system:serviceaccounts"}'), GRANT('open', '{kind: Group, name: "system:serviceaccounts:x"}'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n');
    const { plan, analyses } = planOf(inv);
    expect(planConstraints(plan, analyses, 'latest').filter((c) => c.family.id === 'privileged')).toEqual([]);
  });

  it('names are DNS-1123 and at most 63 characters, stable and without collisions', () => {
    const taken = new Set<string>();
    const long = constraintName(['a'.repeat(80), 'B_c'], 'privileged', taken);
    expect(long).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(constraintName(['a'.repeat(80), 'B_c'], 'privileged', new Set())).toBe(long);
    const again = constraintName(['a'.repeat(80), 'B_c'], 'privileged', taken);
    expect(again).not.toBe(long);
    expect(constraintName(['Weird:Name!'], 'privileged', taken)).toBe('weird-name-privileged');
  });
});

describe('mutators', () => {
  it('seed: the restricted PSP’s defaults in shop, none in legacy where two PSPs applied', async () => {
    const { plan, analyses } = await seed();
    const { mutators, skipped } = planMutations(plan, new Map(analyses.map((a) => [a.psp.metadata.name, a.psp])));
    expect(skipped).toEqual([{ namespace: 'legacy', psps: ['legacy-root', 'restricted'] }]);
    expect(mutators.map((m) => [m.kind, m.location, m.value])).toEqual([
      ['Assign', 'spec.securityContext.runAsUser', 100000],
      ['Assign', 'spec.securityContext.runAsGroup', 100000],
      ['Assign', 'spec.securityContext.supplementalGroups', [100000]],
      ['Assign', 'spec.securityContext.fsGroup', 100000],
      ['Assign', 'spec.securityContext.seccompProfile', { type: 'RuntimeDefault' }],
      ['Assign', 'spec.securityContext.appArmorProfile', { type: 'RuntimeDefault' }],
      ['ModifySet', 'spec.containers[name:*].securityContext.capabilities.drop', ['ALL']],
      ['ModifySet', 'spec.initContainers[name:*].securityContext.capabilities.drop', ['ALL']],
      ['Assign', 'spec.containers[name:*].securityContext.readOnlyRootFilesystem', true],
      ['Assign', 'spec.initContainers[name:*].securityContext.readOnlyRootFilesystem', true],
      ['Assign', 'spec.containers[name:*].securityContext.allowPrivilegeEscalation', false],
      ['Assign', 'spec.initContainers[name:*].securityContext.allowPrivilegeEscalation', false],
    ]);
    expect(mutators.every((m) => m.namespaces.join() === 'shop')).toBe(true);
    expect(mutatorObject(mutators[0]!)).toEqual({
      apiVersion: 'mutations.gatekeeper.sh/v1',
      kind: 'Assign',
      metadata: { name: 'restricted-runasuser', annotations: { 'psp-migrate/psp': 'restricted', 'psp-migrate/field': 'spec.runAsUser' } },
      spec: {
        applyTo: [{ groups: [''], kinds: ['Pod'], versions: ['v1'] }],
        match: { scope: 'Namespaced', kinds: [{ apiGroups: [''], kinds: ['Pod'] }], namespaces: ['shop'] },
        location: 'spec.securityContext.runAsUser',
        parameters: { pathTests: [{ subPath: 'spec.securityContext.runAsUser', condition: 'MustNotExist' }], assign: { value: 100000 } },
      },
    });
  });
});

describe('the generated stream', () => {
  it('re-parses to exactly the objects generated, each with the header', async () => {
    const { plan, analyses } = await seed();
    const g = generate(plan, analyses, { version: 'latest', gatekeeper: true, mutations: true, enforcementAction: 'deny' });
    const text = toYamlStream(g.manifests);
    const docs = parseAllDocuments(text);
    expect(docs.map((d) => d.errors)).toEqual(docs.map(() => []));
    expect(docs.map((d) => d.toJS())).toEqual(g.manifests.map((m) => m.object));
    expect(text.split(/^---\n/m).every((chunk) => chunk.startsWith('# Generated by psp-migrate.'))).toBe(true);
    const none = generate(plan, analyses, { version: 'latest', gatekeeper: false, mutations: true, enforcementAction: 'deny' });
    expect(none.manifests.map((m) => (m.object as { kind: string }).kind)).toEqual(['Namespace', 'Namespace']);
  });
});
