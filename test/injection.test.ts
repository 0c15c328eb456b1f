/**
 * Injection: names and labels from the input containing quotes, newlines,
 * `#`, `: `, `---`, `{{ }}`, backticks, `|`, `<script>`, unicode and control
 * characters must come out exactly as data — YAML re-parses to the intended
 * objects, generated object names stay valid Kubernetes names, REPORT.md
 * tables stay intact.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { toYaml } from '../src/generate/manifests.js';
import { runCli, tempDir } from './helpers.js';

const NASTY = ['"', "'", '\n', '#', ': ', '---', '{{ .Values.x }}', '`', '|', '<script>', 'é', '😀', '\u0007', '\\', '*', '&a', '!!str', '[', '}'];
/** Whole values that YAML 1.1 (kubectl's reader) takes for booleans, numbers or null when they are not quoted. */
const YAML11_WORDS = ['yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'NO', 'True', '0777', '0x1F', '1_000', '1e3', '~', 'null', '.inf', '0b101'];
const nasty = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.constantFrom(...YAML11_WORDS) },
);

const DNS1123 = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function cluster(psp: string, ns: string, sa: string, label: string): string {
  // The input is written by the yaml library too, so that any string is valid input.
  return [
    { apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', metadata: { name: psp }, spec: { seLinux: { rule: 'RunAsAny' }, runAsUser: { rule: 'MustRunAsNonRoot' }, supplementalGroups: { rule: 'RunAsAny' }, fsGroup: { rule: 'RunAsAny' }, readOnlyRootFilesystem: true } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'use' }, rules: [{ apiGroups: ['policy'], resources: ['podsecuritypolicies'], verbs: ['use'] }] },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'use', namespace: ns }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'use' }, subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }] },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { team: label } } },
  ]
    .map((o) => stringify(o, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }))
    .join('---\n');
}

describe('values from the input', () => {
  it('reach the YAML output only as data, and generated names stay valid', async () => {
    await fc.assert(
      fc.asyncProperty(nasty, nasty, nasty, nasty, async (psp, ns, sa, label) => {
        const dir = tempDir({ 'c.yaml': cluster(psp, ns, sa, label) });
        const r = await runCli(['convert', '-f', 'c.yaml'], { cwd: dir });
        expect(r.code, r.stderr).toBe(0);
        // Read back as kubectl reads it: YAML 1.1 scalars (go-yaml v2, through sigs.k8s.io/yaml), duplicate keys refused.
        const docs = parseAllDocuments(r.stdout, { version: '1.1', uniqueKeys: true });
        expect(docs.flatMap((d) => d.errors)).toEqual([]);
        const objects = docs.map((d) => d.toJS() as { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; spec?: { parameters?: { policies: { name: string; serviceAccounts: string[] }[] } } });
        // The namespace keeps its name, and its labels are exactly ours.
        const namespace = objects.find((o) => o.kind === 'Namespace')!;
        expect(namespace.metadata.name).toBe(ns);
        expect(Object.keys(namespace.metadata.labels!).every((k) => k.startsWith('pod-security.kubernetes.io/'))).toBe(true);
        // Constraints carry the PSP and service account names as parameter values, unchanged.
        const constraints = objects.filter((o) => o.apiVersion === 'constraints.gatekeeper.sh/v1beta1');
        expect(constraints.length).toBeGreaterThan(0);
        for (const c of constraints) {
          expect(c.metadata.name).toMatch(DNS1123);
          expect(c.metadata.name.length).toBeLessThanOrEqual(63);
          expect(c.spec!.parameters!.policies).toEqual([{ ...c.spec!.parameters!.policies[0], name: psp, serviceAccounts: [sa] }]);
        }
        for (const o of objects.filter((x) => x.kind === 'Assign' || x.kind === 'ModifySet' || x.kind === 'ConstraintTemplate')) expect(o.metadata.name).toMatch(DNS1123);
      }),
      { seed: 11, numRuns: 60 },
    );
  });

  it('write a number given as -0 as the integer 0, not -0.0 (a float the API server would refuse)', async () => {
    // JSON.parse and the yaml library read `-0` as -0; js-yaml, which writes the manifests, writes -0 as `-0.0`.
    const psp = { apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', metadata: { name: 'p' }, spec: { seLinux: { rule: 'RunAsAny' }, runAsUser: { rule: 'MustRunAs', ranges: [{ min: 7, max: 9 }] }, supplementalGroups: { rule: 'MustRunAs', ranges: [{ min: 0, max: 5 }] }, fsGroup: { rule: 'RunAsAny' }, hostPorts: [{ min: 0, max: 80 }] } };
    const rbac = [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'use' }, rules: [{ apiGroups: ['policy'], resources: ['podsecuritypolicies'], verbs: ['use'] }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'use', namespace: 'a' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'use' }, subjects: [{ kind: 'Group', name: 'system:serviceaccounts:a' }] },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
    ];
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [psp, ...rbac] }).replace(/"min":0/g, '"min":-0');
    expect(text.match(/-0\b/g)).toHaveLength(2);
    const r = await runCli(['convert', '-f', 'psp.json'], { cwd: tempDir({ 'psp.json': text }) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/-0\.0|: -0\b/);
    const objects = parseAllDocuments(r.stdout, { version: '1.1' }).map((d) => d.toJS() as { kind: string; spec?: { parameters?: { policies?: Record<string, unknown>[] } } });
    const policies = objects.flatMap((o) => o.spec?.parameters?.policies ?? []);
    expect(policies.find((p) => 'supplementalGroups' in p)).toMatchObject({ supplementalGroups: { rule: 'MustRunAs', ranges: [{ min: 0, max: 5 }] } });
  });

  it('keep names kubectl would read as numbers strings: kubectl kustomize builds the bundle back with the same names', async () => {
    // go-yaml v2 and kustomize read a plain `1e3` as 1000 and `0b-1` as -1; each is a valid namespace name.
    const names = ['0b-1', '1e3', '1e-3', '0o17', '08', '0x1f'];
    const objects = [
      { apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', metadata: { name: 'p' }, spec: { seLinux: { rule: 'RunAsAny' }, runAsUser: { rule: 'MustRunAsNonRoot' }, supplementalGroups: { rule: 'RunAsAny' }, fsGroup: { rule: 'RunAsAny' }, readOnlyRootFilesystem: true } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'use' }, rules: [{ apiGroups: ['policy'], resources: ['podsecuritypolicies'], verbs: ['use'] }] },
      ...names.flatMap((ns) => [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'use', namespace: ns }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'use' }, subjects: [{ kind: 'ServiceAccount', name: '0b11', namespace: ns }] },
      ]),
    ];
    const dir = tempDir({ 'c.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) });
    const r = await runCli(['convert', '-f', 'c.json', '--out-dir', 'out', '--exempt-namespace', '0b-10'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'out/admission/pod-security-admission.yaml'), 'utf8')).toContain('- "0b-10"\n');
    const found = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    expect(found.error, 'kubectl is not installed: this test needs kubectl (v1.32) on the PATH').toBeUndefined();
    const built = spawnSync('kubectl', ['kustomize', path.join(dir, 'out')], { encoding: 'utf8' });
    expect(built.stderr).toBe('');
    const docs = parseAllDocuments(built.stdout).map((d) => d.toJS() as { kind: string; metadata: { name: unknown }; spec?: { match?: { namespaces?: unknown[] }; parameters?: { policies?: { serviceAccounts?: unknown[] }[] } } });
    expect(docs.filter((d) => d.kind === 'Namespace').map((d) => d.metadata.name).sort()).toEqual([...names].sort());
    const constraints = docs.filter((d) => d.spec?.match?.namespaces);
    expect(constraints.length).toBeGreaterThan(0);
    for (const c of constraints) {
      expect(c.spec!.match!.namespaces!.every((n) => typeof n === 'string' && names.includes(n))).toBe(true);
      for (const p of c.spec!.parameters?.policies ?? []) for (const sa of p.serviceAccounts ?? []) expect(sa).toBe('0b11');
    }
  });

  it('any string the manifest writer writes reads back unchanged through kubectl kustomize, a real consumer', () => {
    // One kustomize run for many strings: a resource whose data is the list, and the kustomization, both written by toYaml.
    const near = ['0b-1', '-0b11', '1e3', '1e-3', '0o17', '0o-1', '0o+1', '0_o-1', '0X1F', '08', '+_1', '.5', '1.', '0000-0-0', '2024-01-01', '2024-1-1', '2024-12-9', '1:20', '<<', '=', '~', '-', '? a', 'a: b', 'a #b', '\ufeffa', '\u00a0', '\t', ' a', 'a '];
    const strings = [...near, ...YAML11_WORDS, ...NASTY, ...fc.sample(fc.oneof(nasty, fc.string({ unit: 'grapheme', maxLength: 8 })), { seed: 12, numRuns: 400 })];
    const dir = tempDir();
    writeFileSync(path.join(dir, 'strings.yaml'), toYaml({ name: 'strings.yaml', object: { apiVersion: 'example.com/v1', kind: 'Strings', metadata: { name: 'x' }, data: strings } }));
    writeFileSync(path.join(dir, 'kustomization.yaml'), toYaml({ name: 'kustomization.yaml', object: { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['strings.yaml'] } }));
    const found = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    expect(found.error, 'kubectl is not installed: this test needs kubectl (v1.32) on the PATH').toBeUndefined();
    const built = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    expect(built.stderr).toBe('');
    const back = (parseAllDocuments(built.stdout)[0]!.toJS() as { data: unknown[] }).data;
    expect(back).toHaveLength(strings.length);
    expect(strings.flatMap((s, i) => (back[i] === s ? [] : [[s, back[i]]]))).toEqual([]);
  });

  it('cannot break REPORT.md tables', async () => {
    await fc.assert(
      fc.asyncProperty(nasty, nasty, async (psp, ns) => {
        const dir = tempDir({ 'c.yaml': cluster(psp, ns, 'app', 'x') });
        const r = await runCli(['convert', '-f', 'c.yaml', '--report', 'md'], { cwd: dir });
        expect(r.code).toBe(0);
        const lines = r.stdout.split('\n');
        // Each table row has as many unescaped `|` as its table's header row.
        let width = 0;
        for (const [i, line] of lines.entries()) {
          const cells = line.replace(/\\\|/g, '').split('|').length;
          if (line.startsWith('| ') && lines[i + 1]?.startsWith('| ---')) width = cells;
          else if (line.startsWith('| ') && !line.startsWith('| ---')) expect(cells, line).toBe(width);
        }
        expect(r.stdout).not.toContain('<script>');
      }),
      { seed: 12, numRuns: 60 },
    );
  });
});
