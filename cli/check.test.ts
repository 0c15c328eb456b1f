import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveFixtureDir } from '../src/pss/fixtures.js';
import { REPO_ROOT, runCli, tempDir } from '../test/helpers.js';

const POD = (name: string, namespace: string, securityContext = '{}') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  containers:
    - name: app
      image: app:1
      securityContext: ${securityContext}
`;

const RESTRICTED_SC = '{allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}}';

describe('psp-migrate check', () => {
  it('reports every restricted v1.30 failure fixture as not allowed, with the failing check', async () => {
    const fixtures = resolveFixtureDir(REPO_ROOT);
    const failDir = path.join(fixtures, 'restricted/v1.30/fail');
    expect(existsSync(failDir), `${failDir} is missing`).toBe(true);
    const files = readdirSync(failDir).filter((f) => f.endsWith('.yaml'));
    const r = await runCli(['check', '-f', failDir, '--level', 'restricted', '--pss-version', 'v1.30', '-o', 'json']);
    expect(r.code).toBe(1);
    const { results } = JSON.parse(r.stdout) as { results: { file: string; allowed: boolean; level: string; version: string; violations: { check: string }[] }[] };
    expect(results).toHaveLength(files.length);
    for (const result of results) {
      expect(result, result.file).toMatchObject({ allowed: false, level: 'restricted', version: 'v1.30' });
      expect(result.violations.length, result.file).toBeGreaterThan(0);
      expect(result.violations.every((v) => v.check !== '')).toBe(true);
    }
    expect(r.stderr).toBe(`psp-migrate check: ${files.length} objects checked, ${files.length} violate the Pod Security Standards\n`);
  });

  it('checks each object at the enforce label of its namespace', async () => {
    const dir = tempDir({
      'ns.yaml': `apiVersion: v1
kind: Namespace
metadata:
  name: strict
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: v1.24
---
apiVersion: v1
kind: Namespace
metadata:
  name: loose
`,
      'pods.yaml': `${POD('a', 'strict')}---\n${POD('b', 'loose', '{privileged: true}')}---\n${POD('c', 'strict', RESTRICTED_SC)}`,
    });
    const r = await runCli(['check', '-f', '.', '-o', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const { results } = JSON.parse(r.stdout) as { results: Record<string, unknown>[] };
    expect(results.map((x) => [x.name, x.level, x.version, x.allowed])).toEqual([
      ['a', 'restricted', 'v1.24', false],
      ['b', 'privileged', 'latest', true],
      ['c', 'restricted', 'v1.24', true],
    ]);
    expect(results[0]).toMatchObject({ file: 'pods.yaml', line: 1, kind: 'Pod', namespace: 'strict' });
  });

  it('prints one upstream-style line per violating object, and exits 0 when none violates', async () => {
    const dir = tempDir({ 'pods.yaml': `${POD('a', 'ns', '{privileged: true}')}---\n${POD('b', 'ns')}` });
    const bad = await runCli(['check', '-f', 'pods.yaml', '--level', 'baseline', '--pss-version', 'v1.25'], { cwd: dir });
    expect(bad).toEqual({
      code: 1,
      stdout: 'pods.yaml:1: Pod ns/a: violates PodSecurity "baseline:v1.25": privileged (container "app" must not set securityContext.privileged=true)\n',
      stderr: 'psp-migrate check: 2 objects checked, 1 violates the Pod Security Standards\n',
    });
    const good = await runCli(['check', '-f', 'pods.yaml', '--level', 'privileged'], { cwd: dir });
    expect(good).toEqual({ code: 0, stdout: '', stderr: 'psp-migrate check: 2 objects checked, 0 violate the Pod Security Standards\n' });
  });

  it('evaluates the pod templates of workloads', async () => {
    const r = await runCli(['check', '-f', 'testdata/examples/seed-cluster', '--level', 'baseline', '-o', 'json']);
    const { results } = JSON.parse(r.stdout) as { results: Record<string, unknown>[] };
    expect(results.map((x) => [x.kind, x.name, x.allowed])).toEqual([
      ['Deployment', 'storefront', true],
      ['ReplicaSet', 'storefront-7d9f8', true],
      ['Pod', 'storefront-7d9f8-abcde', true],
      ['Deployment', 'legacy-app', true],
    ]);
    const restricted = await runCli(['check', '-f', 'testdata/examples/seed-cluster', '--level', 'restricted']);
    expect(restricted.code).toBe(1);
    expect(restricted.stdout.split('\n')[3]).toContain('Deployment legacy/legacy-app: violates PodSecurity "restricted:latest": ');
    expect(restricted.stdout).toContain('runAsUser=0 (container "app" must not set runAsUser=0)');
  });

  it('refuses an invalid --pss-version and --level', async () => {
    const v = await runCli(['check', '-f', 'testdata/examples/seed-cluster', '--pss-version', '1.30']);
    expect(v).toEqual({ code: 2, stdout: '', stderr: 'psp-migrate: --pss-version "1.30" must be "latest" or "v1.x", e.g. v1.30\nRun `psp-migrate check --help` for usage.\n' });
    const l = await runCli(['check', '-f', 'testdata/examples/seed-cluster', '--level', 'strict']);
    expect(l.code).toBe(2);
    expect(l.stderr).toContain('Invalid values:');
  });

  it('says so when there is nothing to check', async () => {
    const r = await runCli(['check', '-f', 'testdata/examples/seed-cluster/01-psp-restricted.yaml']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: 'psp-migrate check: the input has no pods or workload templates to check\n' });
  });
});
