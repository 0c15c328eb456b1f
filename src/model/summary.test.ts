/**
 * detached: a kept value must not keep the text it was parsed from alive.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../test/helpers.js';
import { SummaryInterner, detached, summarizeSpec } from './summary.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Heap bytes still used after `keep` returns values cut from 40 texts of 1 MB each, the texts dropped. */
function retained(keep: (s: string) => unknown): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept: unknown[] = [];
  for (let i = 0; i < 40; i++) {
    const text = `${'x'.repeat(1 << 20)}\n  name: coredns-5d78c9869d-${i}\n`;
    const at = text.indexOf('coredns');
    kept.push(keep(text.slice(at, text.indexOf('\n', at))));
  }
  gc();
  const used = process.memoryUsage().heapUsed - before;
  expect(kept).toHaveLength(40); // (kept alive until measured)
  return used;
}

describe('detached', () => {
  it('copies plain data exactly: key order, scalars, nesting', () => {
    const value = { b: 'a-longer-string-value', a: [1, null, true, { nested: 'x' }, Number.NaN], c: { empty: {}, list: [] } };
    const copy = detached(value);
    expect(copy).toEqual(value);
    expect(Object.keys(copy)).toEqual(['b', 'a', 'c']);
    expect(copy).not.toBe(value);
    expect(copy.a).not.toBe(value.a);
  });

  it('keeps a __proto__ key as a key, as the parsers do', () => {
    const value = JSON.parse('{"securityContext": {"__proto__": {"seccompProfile": {"type": "Unconfined"}}, "runAsUser": 1}}') as { securityContext: Record<string, unknown> };
    const copy = detached(value);
    expect(Object.keys(copy.securityContext)).toEqual(['__proto__', 'runAsUser']);
    expect(Object.getPrototypeOf(copy.securityContext)).toBe(Object.prototype);
    expect(copy.securityContext.seccompProfile).toBeUndefined();
    expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
  });

  it('keeps a volume source named __proto__ in the summary, as read', () => {
    const spec = JSON.parse('{"volumes": [{"name": "v", "__proto__": {"path": "/"}}]}') as Record<string, unknown>;
    const volume = (summarizeSpec(spec, false).volumes as Record<string, unknown>[])[0]!;
    expect(Object.keys(volume)).toEqual(['name', '__proto__']);
    expect(Object.getPrototypeOf(volume)).toBe(Object.prototype);
  });

  it('leaves a template with a __proto__ key as it was read, through the whole run', async () => {
    // The key holds a seccompProfile; as a prototype, it would make the template seem to set one itself.
    const items = [
      { apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', metadata: { name: 'p', annotations: { 'seccomp.security.alpha.kubernetes.io/allowedProfileNames': 'runtime/default', 'seccomp.security.alpha.kubernetes.io/defaultProfileName': 'runtime/default' } }, spec: { volumes: ['*'], runAsUser: { rule: 'RunAsAny' }, seLinux: { rule: 'RunAsAny' }, supplementalGroups: { rule: 'RunAsAny' }, fsGroup: { rule: 'RunAsAny' } } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'use-p' }, rules: [{ apiGroups: ['policy'], resources: ['podsecuritypolicies'], verbs: ['use'], resourceNames: ['p'] }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'all' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'use-p' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:serviceaccounts' }] },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'ns' }, spec: { template: { metadata: {}, spec: { securityContext: { PROTO: { seccompProfile: { type: 'RuntimeDefault' } } }, containers: [{ name: 'c', image: 'x' }] } } } },
    ];
    const dir = tempDir({ 'cluster.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items }).replace('"PROTO"', '"__proto__"') });
    const result = await runCli(['convert', '-f', 'cluster.json', '--report', 'json'], { cwd: dir });
    const report = JSON.parse(result.stdout) as { namespaces: { name: string; findings: { kind: string; message: string }[] }[] };
    const reliance = report.namespaces.find((n) => n.name === 'ns')!.findings.filter((f) => f.kind === 'mutation-reliance');
    expect(reliance).toHaveLength(1);
    expect(reliance[0]!.message).toContain('seccomp.security.alpha.kubernetes.io/pod');
  });

  it('keeps none of the text a name was cut from (V8 cuts substrings of 13 characters or more as views)', () => {
    // The check can fail: the plain substrings keep all 40 MB.
    expect(retained((s) => s)).toBeGreaterThan(30 << 20);
    expect(retained((s) => detached(s))).toBeLessThan(4 << 20);
    expect(retained((s) => detached({ metadata: { name: s } }))).toBeLessThan(4 << 20);
  });

  it('is applied to a summary the first time it is shared', () => {
    const interner = new SummaryInterner();
    const spec = { containers: [{ name: 'a-container-name', securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }] };
    const first = interner.intern({}, spec);
    expect(first.spec).toEqual(spec);
    expect(first.spec).not.toBe(spec);
    expect(interner.intern({}, structuredClone(spec))).toBe(first);
    expect(retained((s) => interner.intern({}, { serviceAccountName: s }))).toBeLessThan(4 << 20);
  });
});
