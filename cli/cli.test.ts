import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, tempDir } from '../test/helpers.js';

const SEED_INVENTORY = `Inventory (4 sources):
  PodSecurityPolicies        2
    extensions/v1beta1       1   legacy-root
    policy/v1beta1           1   restricted
  RBAC objects               4
    ClusterRole              1
    ClusterRoleBinding       1
    Role                     1
    RoleBinding              1
  Namespaces                 2   legacy, shop
  ServiceAccounts            1
  Pods                       1
  Workloads                  3
    Deployment               2
    ReplicaSet               1
  Ignored objects            0
`;

const MINIMAL_PSP = `apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata:
  name: p
spec:
  seLinux: {rule: RunAsAny}
  runAsUser: {rule: RunAsAny}
  supplementalGroups: {rule: RunAsAny}
  fsGroup: {rule: RunAsAny}
`;

describe('psp-migrate convert', () => {
  it('prints the inventory of the seed cluster, then each PSP with its level and findings', async () => {
    const r = await runCli(['convert', '-f', 'testdata/examples/seed-cluster']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith(`${SEED_INVENTORY}\nPodSecurityPolicy legacy-root (extensions/v1beta1, testdata/examples/seed-cluster/03-psp-privileged-legacy.yaml:4:1): level privileged\n`)).toBe(true);
    expect(r.stdout).toContain('\nPodSecurityPolicy restricted (policy/v1beta1, testdata/examples/seed-cluster/01-psp-restricted.yaml:4:1): level privileged, mutating\n');
    expect(r.stdout).toContain('  blocks baseline   spec.seLinux (line 53): `spec.seLinux.rule: RunAsAny` lets pods set any SELinux type, user and role;');
  });

  it('counts kinds it does not read as ignored', async () => {
    const dir = tempDir({ 'x.yaml': `${MINIMAL_PSP}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\n` });
    const r = await runCli(['convert', '-f', 'x.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  Ignored objects            2\n    v1 ConfigMap             2\n');
  });

  it('reads the same objects from several -f values and from stdin', async () => {
    const r = await runCli(['convert', '-f', 'testdata/examples/seed-cluster/01-psp-restricted.yaml', '-f', '-'], { stdin: readFileSync(path.join(REPO_ROOT, 'testdata/examples/seed-cluster/03-psp-privileged-legacy.yaml')) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('PodSecurityPolicies        2');
  });

  it('reads piped stdin when no -f is given', async () => {
    const r = await runCli(['convert'], { stdin: MINIMAL_PSP });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('policy/v1beta1           1   p');
  });

  it('asks for input when nothing is piped and no -f is given', async () => {
    const r = await runCli(['convert']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: no input\n  hint: give -f FILE|DIR');
  });
});

describe('bad input: exit 2, a positioned message with a hint, nothing written', () => {
  const cases: [string, Record<string, string | Buffer>, string][] = [
    ['malformed YAML', { 'in.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n\tname: x\n' }, 'in.yaml:4:1: error: malformed YAML: '],
    ['malformed JSON', { 'in.json': '{"apiVersion": "v1",\n "kind": "Namespace" "metadata": {}}' }, 'in.json:2:22: error: malformed JSON: expected "," or "}", found "\\""'],
    ['a duplicate key', { 'in.yaml': `${MINIMAL_PSP}  hostPID: true\n  hostPID: false\n` }, 'in.yaml:11:3: error: duplicate key "hostPID" in a mapping'],
    ['a document that is not a Kubernetes object', { 'in.yaml': `${MINIMAL_PSP}---\nreplicas: 3\n` }, 'in.yaml:11:1: error: this document is not a Kubernetes object'],
    ['a PSP with a missing strategy', { 'in.yaml': MINIMAL_PSP.replace('  fsGroup: {rule: RunAsAny}\n', '') }, 'in.yaml:5:1: error: spec.fsGroup: Required value: the fsGroup strategy is missing'],
    ['a PSP with an unknown strategy', { 'in.yaml': MINIMAL_PSP.replace('seLinux: {rule: RunAsAny}', 'seLinux: {rule: MustRunAsNonRoot}') }, 'in.yaml:6:13: error: spec.seLinux.rule: Unsupported value: "MustRunAsNonRoot": supported values: "MustRunAs", "RunAsAny"'],
    ['a range with min > max', { 'in.yaml': MINIMAL_PSP.replace('supplementalGroups: {rule: RunAsAny}', 'supplementalGroups: {rule: MustRunAs, ranges: [{min: 5, max: 1}]}') }, 'in.yaml:8:51: error: spec.supplementalGroups.ranges[0].min: Invalid value: 5: min cannot be greater than max (1)'],
    ['an unrendered Helm template', { 'in.yaml': MINIMAL_PSP.replace('name: p', 'name: {{ .Release.Name }}-psp') }, 'in.yaml:4:9: error: Go template syntax `{{ … }}` where YAML is expected\n  hint: this looks like an unrendered Helm template: run `helm template` first'],
    ['binary data', { 'in.yaml': Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]) }, 'in.yaml:1:4: error: binary data (a NUL byte), not a YAML or JSON manifest'],
    ['an empty input', { 'in.yaml': '' }, 'error: no Kubernetes objects in the input (in.yaml)'],
  ];

  it.each(cases)('%s', async (_what, files, expected) => {
    const dir = tempDir(files);
    const before = readdirSync(dir);
    const r = await runCli(['convert', '-f', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(expected);
    expect(r.stderr).toMatch(/\n {2}hint: .+/);
    expect(r.stderr.endsWith('psp-migrate: nothing was written.\n')).toBe(true);
    expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+\)?$/m); // no stack trace
    expect(readdirSync(dir)).toEqual(before);
  });

  it('a directory with no manifests', async () => {
    const dir = tempDir({ 'README.md': '# hi' });
    const r = await runCli(['convert', '-f', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${dir}: the directory has no .yaml, .yml or .json files\n  hint: point -f at the directory`);
  });

  it('a file that does not exist', async () => {
    const r = await runCli(['convert', '-f', 'no/such/file.yaml']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain('error: no/such/file.yaml: no such file or directory\n  hint: check the path given with -f');
  });

  it('-f without a value', async () => {
    const r = await runCli(['convert', '-f']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'psp-migrate: -f needs a file, a directory or - for stdin\nRun `psp-migrate convert --help` for usage.\n' });
  });

  it('an unknown option', async () => {
    const r = await runCli(['convert', '--frobnicate']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'psp-migrate: Unknown argument: frobnicate\nRun `psp-migrate convert --help` for usage.\n' });
  });
});

describe('help and version', () => {
  it('prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it.each(['convert', 'check'])('has --help for %s', async (command) => {
    const r = await runCli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`psp-migrate ${command}`);
    expect(r.stdout).toContain('-f, --filename');
  });

  it('asks for a command', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Say which command to run: convert or check.');
  });
});

describe('the installed command', () => {
  it('reads a real pipe and exits with the code of the run', () => {
    const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    const ok = spawnSync(tsx, ['cli/main.ts', 'convert'], { cwd: REPO_ROOT, input: MINIMAL_PSP, encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('PodSecurityPolicies        1');
    const bad = spawnSync(tsx, ['cli/main.ts', 'convert', '-f', '-'], { cwd: REPO_ROOT, input: 'kind: [', encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('<stdin>:');
  });
});
