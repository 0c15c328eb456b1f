import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../../test/helpers.js';
import { namespaceManifests, toYaml } from '../generate/manifests.js';
import { parseSource, readInputs } from '../input/read.js';
import { analyzePsp } from '../mapping/level.js';
import { buildInventory } from '../model/objects.js';
import type { Inventory } from '../model/types.js';
import { resolveRbac } from '../rbac/resolve.js';
import { DEFAULT_EXEMPT_NAMESPACES, buildPlan } from './plan.js';
import type { PlanOptions } from './plan.js';

const OPTS: PlanOptions = { version: 'latest', exemptNamespaces: DEFAULT_EXEMPT_NAMESPACES, tighten: false };

function plan(inv: Inventory, opts: Partial<PlanOptions> = {}) {
  const analyses = inv.psps.map((p) => analyzePsp(p));
  return buildPlan(inv, analyses, resolveRbac(inv), { ...OPTS, ...opts });
}

async function seed() {
  const { objects, sources } = await readInputs({ filenames: ['testdata/examples/seed-cluster'], cwd: REPO_ROOT, readStdin: async () => Buffer.alloc(0) });
  return buildInventory(objects, sources);
}

const RESTRICTED_PSP = readFileSync(path.join(REPO_ROOT, 'testdata/mapping/table-restricted-psp.yaml'), 'utf8');
const GRANT_ALL = (psp: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: use-${psp}}
rules: [{apiGroups: [policy], resources: [podsecuritypolicies], verbs: [use], resourceNames: [${psp}]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: use-${psp}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: use-${psp}}
subjects: [{kind: Group, name: "system:serviceaccounts"}]
`;
const NS = (name: string, labels = '{}') => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: ${labels}}\n`;
const POD = (ns: string, name: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}}
spec:
  containers:
    - name: app
      image: app
      securityContext: {allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}${extra}}
`;

const inventoryOf = (...docs: string[]) => buildInventory(parseSource(docs.join('---\n'), 'cluster.yaml'), ['cluster.yaml']);

describe('the seed cluster', () => {
  it('shop enforces privileged from its only PSP, and its pods and templates pass baseline', async () => {
    const shop = plan(await seed()).namespaces.find((n) => n.name === 'shop')!;
    expect(shop).toMatchObject({ psps: ['restricted'], derivedLevel: 'privileged', passingLevel: 'baseline', enforce: 'privileged', audit: 'baseline', warn: 'baseline' });
    expect(shop.findings.filter((f) => f.severity === 'breaking')).toEqual([]);
  });

  it('--tighten enforces baseline in shop', async () => {
    const shop = plan(await seed(), { tighten: true }).namespaces.find((n) => n.name === 'shop')!;
    expect(shop).toMatchObject({ enforce: 'baseline', audit: 'restricted', warn: 'restricted' });
    expect(shop.findings.map((f) => f.kind)).toEqual(['tightened', 'mutation-reliance']);
  });

  it('legacy enforces privileged for legacy-app, and says every other account was limited to restricted', async () => {
    const legacy = plan(await seed()).namespaces.find((n) => n.name === 'legacy')!;
    expect(legacy.enforce).toBe('privileged');
    expect(legacy.serviceAccounts.map((s) => [s.name, s.psps.map((p) => p.name)])).toEqual([
      ['default', ['restricted']],
      ['legacy-app', ['legacy-root', 'restricted']],
    ]);
    expect(legacy.findings.map((f) => [f.kind, f.message])).toEqual([
      ['sa-limited', 'service account legacy/default was limited to restricted (privileged), not legacy-root; the namespace label applies privileged to every account'],
    ]);
  });

  it('labels with the version given, and leaves the defaults to the cluster-wide grant', async () => {
    const p = plan(await seed(), { version: 'v1.29' });
    expect(p.namespaces.find((n) => n.name === 'shop')!.labels).toEqual({
      'pod-security.kubernetes.io/audit': 'baseline',
      'pod-security.kubernetes.io/audit-version': 'v1.29',
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/enforce-version': 'v1.29',
      'pod-security.kubernetes.io/warn': 'baseline',
      'pod-security.kubernetes.io/warn-version': 'v1.29',
    });
    expect(p.defaults).toEqual({ enforce: 'privileged', audit: 'baseline', warn: 'baseline', version: 'v1.29', psps: ['restricted'] });
  });
});

describe('mutation reliance', () => {
  it('the storefront Deployment relies on the restricted PSP’s defaults; its ReplicaSet and pod are attributed to it', async () => {
    const shop = plan(await seed()).namespaces.find((n) => n.name === 'shop')!;
    expect(shop.reliances.map((r) => [r.object.kind, r.object.metadata.name, r.psp, r.pods.map((p) => p.metadata.name)])).toEqual([['Deployment', 'storefront', 'restricted', ['storefront-7d9f8-abcde']]]);
    expect(shop.reliances[0]!.fields).toEqual([
      { field: 'spec.template.spec.securityContext.supplementalGroups', value: [100000] },
      { field: 'spec.template.spec.securityContext.fsGroup', value: 100000 },
      { field: 'spec.template.metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]', value: 'runtime/default' },
      { field: 'spec.template.spec.containers[0].securityContext.runAsUser', value: 100000 },
      { field: 'spec.template.spec.containers[0].securityContext.runAsGroup', value: 100000 },
      { field: 'spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/web]', value: 'runtime/default' },
      { field: 'spec.template.spec.containers[0].securityContext.capabilities', value: { drop: ['ALL'] } },
      { field: 'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem', value: true },
      { field: 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation', value: false },
    ]);
    expect(shop.findings.filter((f) => f.kind === 'mutation-reliance').map((f) => [f.severity, f.source?.line])).toEqual([['gap', 17]]);
  });

  it('legacy-app is admitted unmutated by legacy-root, which sets no default', async () => {
    const legacy = plan(await seed()).namespaces.find((n) => n.name === 'legacy')!;
    expect(legacy.reliances).toEqual([]);
  });

  it('a template no usable PSP admits is reported', () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: root, namespace: apps}
spec:
  template:
    spec:
      containers: [{name: app, image: app, securityContext: {runAsUser: 0}}]
`;
    const ns = plan(inventoryOf(RESTRICTED_PSP, GRANT_ALL('table-restricted'), deployment)).namespaces[0]!;
    const finding = ns.findings.find((f) => f.kind === 'rejected-template')!;
    expect(finding.message).toMatch(/^Deployment apps\/root: no PSP its service account may use admits its template \(table-restricted: /);
  });
});

describe('plan rules', () => {
  it('a restricted PSP gives restricted, and audit/warn stay restricted', () => {
    const ns = plan(inventoryOf(RESTRICTED_PSP, GRANT_ALL('table-restricted'), NS('apps'), POD('apps', 'ok'))).namespaces[0]!;
    expect(ns).toMatchObject({ name: 'apps', enforce: 'restricted', audit: 'restricted', warn: 'restricted', passingLevel: 'restricted', findings: [] });
  });

  it('a pod the enforce level rejects is a breaking finding at its line', () => {
    const ns = plan(inventoryOf(RESTRICTED_PSP, GRANT_ALL('table-restricted'), NS('apps'), POD('apps', 'root', ', runAsUser: 0'))).namespaces[0]!;
    expect(ns.passingLevel).toBe('baseline');
    expect(ns.findings).toEqual([
      { kind: 'breaking', severity: 'breaking', message: 'Pod apps/root would be rejected by enforce=restricted: runAsUser=0 (container "app" must not set runAsUser=0)', source: { file: 'cluster.yaml', line: 47, col: 1 } },
    ]);
    expect(ns.breaking.map((v) => [v.object.metadata.name, v.passes, v.violations.map((x) => x.check)])).toEqual([['root', 'baseline', ['runAsUser']]]);
  });

  it('a namespace where no PSP is usable gets restricted and a finding', () => {
    const ns = plan(inventoryOf(RESTRICTED_PSP, NS('lonely'))).namespaces[0]!;
    expect(ns).toMatchObject({ psps: [], enforce: 'restricted' });
    expect(ns.findings.map((f) => f.kind)).toEqual(['no-usable-psp']);
  });

  it('exempt namespaces are not labelled, and a custom list replaces the default one', () => {
    const p = plan(inventoryOf(RESTRICTED_PSP, GRANT_ALL('table-restricted'), NS('kube-system'), NS('infra')), { exemptNamespaces: ['infra'] });
    expect(p.namespaces.map((n) => [n.name, n.exempt, Object.keys(n.labels).length])).toEqual([
      ['infra', true, 0],
      ['kube-system', false, 6],
    ]);
    expect(p.exemptNamespaces).toEqual(['infra']);
    expect(namespaceManifests(p).map((m) => m.name)).toEqual(['namespaces/kube-system.yaml']);
  });

  it('namespaces named only by pods are planned too, and pods without one are in default', () => {
    const p = plan(inventoryOf(RESTRICTED_PSP, GRANT_ALL('table-restricted'), POD('web', 'a'), POD('', 'b').replace('namespace: ,', '').replace(', namespace: }', '}')));
    expect(p.namespaces.map((n) => n.name)).toEqual(['default', 'web']);
  });

  it('reports existing Pod Security labels it replaces', () => {
    const ns = plan(inventoryOf(RESTRICTED_PSP, GRANT_ALL('table-restricted'), NS('apps', '{pod-security.kubernetes.io/enforce: baseline}'))).namespaces[0]!;
    expect(ns.findings.map((f) => f.message)).toEqual(['apps already has pod-security.kubernetes.io/enforce=baseline; the plan replaces them']);
  });

  it('cross-checks the kubernetes.io/psp annotation with RBAC', () => {
    const pod = POD('apps', 'old').replace('namespace: apps}', 'namespace: apps, annotations: {kubernetes.io/psp: privileged}}');
    const ns = plan(inventoryOf(RESTRICTED_PSP, GRANT_ALL('table-restricted'), pod)).namespaces[0]!;
    expect(ns.findings.map((f) => [f.kind, f.message])).toEqual([
      ['psp-evidence', 'Pod apps/old was admitted by PodSecurityPolicy privileged (kubernetes.io/psp), which RBAC in the input does not grant to its service account default, and which is not in the input: the user or controller that created it had the grant, or RBAC changed since'],
    ]);
  });
});

describe('kubectl', () => {
  it('kubectl kustomize builds a folder of the generated Namespace manifests', async () => {
    const found = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    expect(found.error, 'kubectl is not installed: this test needs kubectl (v1.32) on the PATH').toBeUndefined();
    const manifests = namespaceManifests(plan(await seed()));
    const dir = tempDir();
    for (const m of manifests) writeFileSync(path.join(dir, path.basename(m.name)), toYaml(m));
    writeFileSync(path.join(dir, 'kustomization.yaml'), `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${manifests.map((m) => `  - ${path.basename(m.name)}`).join('\n')}\n`);
    const built = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    expect(built.stdout).toContain('kind: Namespace\nmetadata:\n  labels:\n    pod-security.kubernetes.io/audit: baseline\n');
    expect(built.stdout.match(/^kind: Namespace$/gm)).toHaveLength(2);
  });
});
