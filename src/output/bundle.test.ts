import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, symlinkSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT, runCli, tempDir } from '../../test/helpers.js';
import { InputError } from '../input/errors.js';
import { NODE_FS, applyChanges, isGenerated, planChanges } from './bundle.js';
import type { FileOps } from './bundle.js';

const SEED = path.join(REPO_ROOT, 'testdata/examples/seed-cluster');

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))])).sort();
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

/** Copies the seed into a work folder so tests can run from there with relative paths. */
function workspace(): string {
  const dir = tempDir();
  cpSync(SEED, path.join(dir, 'cluster'), { recursive: true });
  return dir;
}

describe('convert --out-dir', () => {
  it('writes the bundle, which kubectl kustomize builds', async () => {
    const ws = workspace();
    const r = await runCli(['convert', '-f', 'cluster', '--out-dir', 'out'], { cwd: ws });
    expect(r.code).toBe(0);
    const files = listFiles(path.join(ws, 'out'));
    expect(files).toContain('kustomization.yaml');
    expect(files).toContain('REPORT.md');
    expect(files).toContain('report.json');
    expect(files).toContain('admission/pod-security-admission.yaml');
    expect(files.filter((f) => f.startsWith('namespaces/'))).toEqual(['namespaces/legacy.yaml', 'namespaces/shop.yaml']);
    for (const f of files) expect(isGenerated(readFileSync(path.join(ws, 'out', f), 'utf8')), f).toBe(true);
    const found = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    expect(found.error, 'kubectl is not installed: this test needs kubectl (v1.32) on the PATH').toBeUndefined();
    const built = spawnSync('kubectl', ['kustomize', path.join(ws, 'out')], { encoding: 'utf8' });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    const kustomization = parse(readFileSync(path.join(ws, 'out/kustomization.yaml'), 'utf8')) as { resources: string[] };
    expect(kustomization.resources.some((r) => r.startsWith('admission/'))).toBe(false);
    expect(kustomization.resources).toEqual([...kustomization.resources].sort());
    expect(built.stdout.match(/^kind: /gm)!.length).toBe(files.filter((f) => !['kustomization.yaml', 'REPORT.md', 'report.json', 'admission/pod-security-admission.yaml'].includes(f)).length);
  });

  it('a second run changes nothing, and --check and --diff agree', async () => {
    const ws = workspace();
    await runCli(['convert', '-f', 'cluster', '--out-dir', 'out'], { cwd: ws });
    const before = snapshot(path.join(ws, 'out'));
    const again = await runCli(['convert', '-f', 'cluster', '--out-dir', 'out'], { cwd: ws });
    expect(again.stderr).toContain('out: 0 created, 0 updated, 0 removed');
    expect(snapshot(path.join(ws, 'out'))).toEqual(before);
    expect(await runCli(['convert', '-f', 'cluster', '--out-dir', 'out', '--check'], { cwd: ws })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await runCli(['convert', '-f', 'cluster', '--out-dir', 'out', '--diff'], { cwd: ws })).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--check exits 1 after a PSP changes, --diff shows the change, and neither writes', async () => {
    const ws = workspace();
    await runCli(['convert', '-f', 'cluster', '--out-dir', 'out'], { cwd: ws });
    const before = snapshot(path.join(ws, 'out'));
    const psp = path.join(ws, 'cluster/01-psp-restricted.yaml');
    writeFileSync(psp, readFileSync(psp, 'utf8').replace('max: 999999\n  runAsGroup', 'max: 999998\n  runAsGroup'));
    expect(await runCli(['convert', '-f', 'cluster', '--out-dir', 'out', '--check'], { cwd: ws })).toEqual({ code: 1, stdout: '', stderr: '' });
    const diff = await runCli(['convert', '-f', 'cluster', '--out-dir', 'out', '--diff'], { cwd: ws });
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('--- a/report.json\n+++ b/report.json\n');
    expect(diff.stdout).toMatch(/^-.*999999/m);
    expect(diff.stdout).toMatch(/^\+.*999998/m);
    expect(diff.stdout).not.toContain('\u001b[');
    expect(snapshot(path.join(ws, 'out'))).toEqual(before);
  });

  it('gives the same bytes whatever the order of files and documents', async () => {
    const ws = workspace();
    await runCli(['convert', '-f', 'cluster', '--out-dir', 'out'], { cwd: ws });
    // The same objects: every document in one file, in reverse order.
    const docs = listFiles(path.join(ws, 'cluster')).flatMap((f) => readFileSync(path.join(ws, 'cluster', f), 'utf8').split(/^---$/m));
    mkdirSync(path.join(ws, 'shuffled'));
    writeFileSync(path.join(ws, 'shuffled/all.yaml'), docs.reverse().join('\n---\n'));
    await runCli(['convert', '-f', 'shuffled', '--out-dir', 'out2'], { cwd: ws });
    const a = snapshot(path.join(ws, 'out'));
    const b = snapshot(path.join(ws, 'out2'));
    // Only the source positions in the reports may differ (other file names and lines).
    const strip = (s: Record<string, string>) => Object.fromEntries(Object.entries(s).filter(([f]) => f !== 'REPORT.md' && f !== 'report.json'));
    expect(strip(b)).toEqual(strip(a));
  });

  it('never touches a file it did not write, and removes generated files no longer produced', async () => {
    const ws = workspace();
    mkdirSync(path.join(ws, 'out/namespaces'), { recursive: true });
    writeFileSync(path.join(ws, 'out/README.md'), 'our notes\n');
    writeFileSync(path.join(ws, 'out/namespaces/extra.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: extra}\n');
    await runCli(['convert', '-f', 'cluster', '--out-dir', 'out'], { cwd: ws });
    // A generated file for a namespace that no longer exists.
    writeFileSync(path.join(ws, 'out/namespaces/gone.yaml'), '# Generated by psp-migrate. Do not edit.\napiVersion: v1\nkind: Namespace\nmetadata: {name: gone}\n');
    const r = await runCli(['convert', '-f', 'cluster', '--out-dir', 'out'], { cwd: ws });
    expect(r.stderr).toContain('out: 0 created, 0 updated, 1 removed');
    expect(existsSync(path.join(ws, 'out/namespaces/gone.yaml'))).toBe(false);
    expect(readFileSync(path.join(ws, 'out/README.md'), 'utf8')).toBe('our notes\n');
    expect(readFileSync(path.join(ws, 'out/namespaces/extra.yaml'), 'utf8')).toContain('name: extra');
  });

  it('refuses to overwrite a file it did not write, and writes nothing', async () => {
    const ws = workspace();
    mkdirSync(path.join(ws, 'out/namespaces'), { recursive: true });
    writeFileSync(path.join(ws, 'out/namespaces/shop.yaml'), 'hand written\n');
    const r = await runCli(['convert', '-f', 'cluster', '--out-dir', 'out'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${path.join(ws, 'out/namespaces/shop.yaml')} exists and was not written by psp-migrate; refusing to overwrite it\n  hint: move it away, or choose another --out-dir`);
    expect(listFiles(path.join(ws, 'out'))).toEqual(['namespaces/shop.yaml']);
  });

  it('does not write through a symbolic link', async () => {
    const ws = workspace();
    const outside = tempDir();
    mkdirSync(path.join(ws, 'out'));
    symlinkSync(outside, path.join(ws, 'out/namespaces'));
    const r = await runCli(['convert', '-f', 'cluster', '--out-dir', 'out'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a symbolic link; psp-migrate does not write through links');
    expect(readdirSync(outside)).toEqual([]);
  });

  it('a failed rename leaves no half-written file and no temporary file', async () => {
    const dir = tempDir({ 'keep.yaml': '# Generated by psp-migrate.\nold: 1\n' });
    const changes = await planChanges(dir, [
      { path: 'keep.yaml', content: '# Generated by psp-migrate.\nnew: 1\n' },
      { path: 'sub/new.yaml', content: '# Generated by psp-migrate.\nnew: 2\n' },
    ]);
    let renames = 0;
    const failing: FileOps = { ...NODE_FS, rename: async (a, b) => (++renames === 2 ? Promise.reject(new Error('disk full')) : NODE_FS.rename(a, b)) };
    await expect(applyChanges(dir, changes, failing)).rejects.toThrow('disk full');
    // The first file was renamed whole; the second never appeared; no temporary file is left.
    expect(listFiles(dir)).toEqual(['keep.yaml']);
    expect(readFileSync(path.join(dir, 'keep.yaml'), 'utf8')).toBe('# Generated by psp-migrate.\nnew: 1\n');
    await expect(planChanges(dir, [{ path: 'keep.yaml', content: 'x' }])).resolves.toHaveLength(1);
    await expect(planChanges(tempDir({ 'x.yaml': 'mine' }), [{ path: 'x.yaml', content: 'y' }])).rejects.toBeInstanceOf(InputError);
  });
});

describe('--diff and --check need --out-dir', () => {
  it('says so', async () => {
    const r = await runCli(['convert', '-f', SEED, '--check']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'psp-migrate: --check compares with a bundle: give --out-dir DIR\nRun `psp-migrate convert --help` for usage.\n' });
  });
});

describe('formatDiff', () => {
  it('colours added, removed and hunk lines only when asked', async () => {
    const { formatDiff } = await import('./bundle.js');
    const changes = [{ path: 'a.yaml', kind: 'update' as const, before: 'x: 1\n', after: 'x: 2\n' }];
    const plain = formatDiff(changes, false);
    expect(plain).toBe('--- a/a.yaml\n+++ b/a.yaml\n@@ -1,1 +1,1 @@\n-x: 1\n+x: 2\n');
    const coloured = formatDiff(changes, true);
    expect(coloured).toContain('\u001b[31m-x: 1\u001b[0m');
    expect(coloured).toContain('\u001b[32m+x: 2\u001b[0m');
  });
});

describe('input order', () => {
  it('the order of -f values does not change a byte of the bundle', async () => {
    const ws = workspace();
    const files = listFiles(path.join(ws, 'cluster')).map((f) => `cluster/${f}`);
    await runCli(['convert', ...files.flatMap((f) => ['-f', f]), '--out-dir', 'out1'], { cwd: ws });
    await runCli(['convert', ...[...files].reverse().flatMap((f) => ['-f', f]), '--out-dir', 'out2'], { cwd: ws });
    expect(snapshot(path.join(ws, 'out2'))).toEqual(snapshot(path.join(ws, 'out1')));
  });
});
