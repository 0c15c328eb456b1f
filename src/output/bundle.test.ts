import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, symlinkSync, writeFileSync, mkdirSync, cpSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT, runCli, tempDir } from '../../test/helpers.js';
import type { CliResult } from '../../test/helpers.js';
import { InputError } from '../input/errors.js';
import { LOCK_FILE, NODE_FS, applyChanges, describeSystemError, isGenerated, planChanges, writeBundle, writeFileAtomic } from './bundle.js';
import type { BundleFile, FileOps } from './bundle.js';

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

  it('a failed rename undoes the renames before it: no half-written bundle, no temporary file', async () => {
    const dir = tempDir({ 'keep.yaml': '# Generated by psp-migrate.\nold: 1\n' });
    const changes = await planChanges(dir, [
      { path: 'keep.yaml', content: '# Generated by psp-migrate.\nnew: 1\n' },
      { path: 'sub/new.yaml', content: '# Generated by psp-migrate.\nnew: 2\n' },
    ]);
    let renames = 0;
    const failing: FileOps = { ...NODE_FS, rename: async (a, b) => (++renames === 2 ? Promise.reject(new Error('disk full')) : NODE_FS.rename(a, b)) };
    // Not a system error (no code): a bug, which goes on as it is, after the undo.
    await expect(applyChanges(dir, changes, failing)).rejects.toThrow('disk full');
    // keep.yaml was replaced, then restored; sub/ was created, then removed; no temporary, backup or lock file is left.
    expect(listFiles(dir)).toEqual(['keep.yaml']);
    expect(readFileSync(path.join(dir, 'keep.yaml'), 'utf8')).toBe('# Generated by psp-migrate.\nold: 1\n');
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

/** A pid no process has: a child's, once it has exited (pids are not reused that fast). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

function lockText(pid: number, host = hostname()): string {
  return `${JSON.stringify({ pid, hostname: host })}\n`;
}

/** The bundle a single run on an empty directory writes (the expected state after any number of concurrent runs). */
async function singleRun(ws: string, input: string): Promise<Record<string, string>> {
  const out = `single-${path.basename(input)}`;
  expect((await runCli(['convert', '-f', input, '--out-dir', out], { cwd: ws })).code).toBe(0);
  return snapshot(path.join(ws, out));
}

function lockedMessage(out: string, who: string): string {
  const lock = path.join(out, LOCK_FILE);
  return `error: another psp-migrate run${who} is writing to ${out}: it holds the lock file ${lock}\n  hint: wait for that run to finish and run again; if no psp-migrate run is active, remove ${lock}\npsp-migrate: nothing was written.\n`;
}

/** Either a clean success, or the refusal of a run that found the other's lock. */
function expectSuccessOrLocked(r: CliResult, out: string): void {
  if (r.code === 0) return;
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(lockedMessage(out, ` (pid ${process.pid} on ${hostname()})`));
}

/** A copy of the seed with one PSP changed, so that a run over it changes several files. */
function changedSeed(ws: string): string {
  cpSync(path.join(ws, 'cluster'), path.join(ws, 'changed'), { recursive: true });
  const psp = path.join(ws, 'changed/01-psp-restricted.yaml');
  writeFileSync(psp, readFileSync(psp, 'utf8').replace('max: 999999\n  runAsGroup', 'max: 999998\n  runAsGroup').replace(/name: restricted$/m, 'name: restricted-v2'));
  return 'changed';
}

describe('one run at a time per --out-dir', () => {
  it('two concurrent in-process runs leave the bundle of a single run, or one refuses with the lock message', async () => {
    const ws = workspace();
    const expected = await singleRun(ws, 'cluster');
    for (let round = 0; round < 4; round++) {
      const out = path.join(ws, `out${round}`);
      // Round 2 and 3 start over an existing bundle from other input: both runs update and remove files.
      if (round >= 2) expect((await runCli(['convert', '-f', changedSeed(ws), '--out-dir', out], { cwd: ws })).code).toBe(0);
      const results = await Promise.all([runCli(['convert', '-f', 'cluster', '--out-dir', out], { cwd: ws }), runCli(['convert', '-f', 'cluster', '--out-dir', out], { cwd: ws })]);
      for (const r of results) expectSuccessOrLocked(r, out);
      expect(results.some((r) => r.code === 0)).toBe(true);
      expect(snapshot(out)).toEqual(expected);
      rmSync(path.join(ws, 'changed'), { recursive: true, force: true });
    }
  });

  it('two concurrent runs with different input leave exactly one of their bundles, never a mix', async () => {
    const ws = workspace();
    const a = await singleRun(ws, 'cluster');
    const b = await singleRun(ws, changedSeed(ws));
    expect(a).not.toEqual(b);
    for (let round = 0; round < 4; round++) {
      const out = path.join(ws, `out${round}`);
      const order = round % 2 === 0 ? ['cluster', 'changed'] : ['changed', 'cluster'];
      const results = await Promise.all(order.map((input) => runCli(['convert', '-f', input, '--out-dir', out], { cwd: ws })));
      for (const r of results) expectSuccessOrLocked(r, out);
      const after = snapshot(out);
      expect(after, `round ${round}: ${results.map((r) => r.code).join(', ')}`).toSatisfy((x: Record<string, string>) => JSON.stringify(x) === JSON.stringify(a) || JSON.stringify(x) === JSON.stringify(b));
    }
  });

  it('two concurrent processes leave the bundle of a single run', async () => {
    const ws = workspace();
    const expected = await singleRun(ws, 'cluster');
    const cli = (out: string) =>
      new Promise<CliResult>((resolve, reject) => {
        // tsx is found from the repository, not from the workspace the run starts in.
        const child = spawn(process.execPath, ['--import', pathToFileURL(path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href, path.join(REPO_ROOT, 'cli/main.ts'), 'convert', '-f', 'cluster', '--out-dir', out], { cwd: ws, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      });
    const results = await Promise.all([cli('out'), cli('out')]);
    for (const r of results) {
      // The other process has another pid: only the shape of the refusal is known (and a lock read while
      // its owner is still writing it names no one).
      if (r.code !== 0) expect(r.stderr).toMatch(/^error: another psp-migrate run(?: \(pid \d+ on .+\))? is writing to .+: it holds the lock file .+\n {2}hint: wait for that run to finish and run again; if no psp-migrate run is active, remove .+\npsp-migrate: nothing was written\.\n$/);
      expect([0, 2]).toContain(r.code);
    }
    expect(results.some((r) => r.code === 0)).toBe(true);
    expect(snapshot(path.join(ws, 'out'))).toEqual(expected);
  }, 120_000);

  it('a run that finds a live lock exits 2 with what to do, and writes nothing', async () => {
    const ws = workspace();
    const out = path.join(ws, 'out');
    mkdirSync(out);
    writeFileSync(path.join(out, LOCK_FILE), lockText(process.pid));
    const r = await runCli(['convert', '-f', 'cluster', '--out-dir', 'out'], { cwd: ws });
    expect(r).toEqual({ code: 2, stdout: '', stderr: lockedMessage(out, ` (pid ${process.pid} on ${hostname()})`) });
    expect(listFiles(out)).toEqual([LOCK_FILE]);
    expect(readFileSync(path.join(out, LOCK_FILE), 'utf8')).toBe(lockText(process.pid));
    // --check and --diff do not compare with a bundle a run is writing.
    for (const mode of ['--check', '--diff']) expect(await runCli(['convert', '-f', 'cluster', '--out-dir', 'out', mode], { cwd: ws })).toEqual(r);
  });

  it('a lock from another host, or one that cannot be read, is not taken over: whether its run lives is unknown', async () => {
    const ws = workspace();
    const out = path.join(ws, 'out');
    mkdirSync(out);
    writeFileSync(path.join(out, LOCK_FILE), lockText(deadPid(), 'another-host'));
    const other = await runCli(['convert', '-f', 'cluster', '--out-dir', 'out'], { cwd: ws });
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(lockedMessage(out, ` (pid ${JSON.parse(readFileSync(path.join(out, LOCK_FILE), 'utf8')).pid} on another-host)`));
    // Empty: a run may be between creating and writing it.
    writeFileSync(path.join(out, LOCK_FILE), '');
    expect(await runCli(['convert', '-f', 'cluster', '--out-dir', 'out'], { cwd: ws })).toEqual({ code: 2, stdout: '', stderr: lockedMessage(out, '') });
    expect(listFiles(out)).toEqual([LOCK_FILE]);
  });

  it('a lock left by a dead process on this host is taken over, with what that run left behind', async () => {
    const ws = workspace();
    const expected = await singleRun(ws, 'cluster');
    const out = path.join(ws, 'out');
    mkdirSync(path.join(out, 'namespaces'), { recursive: true });
    const dead = deadPid();
    writeFileSync(path.join(out, LOCK_FILE), lockText(dead));
    writeFileSync(path.join(out, `namespaces/.shop.yaml.psp-migrate-${dead}-0badc0de.tmp`), '# Generated by psp-migrate. half');
    writeFileSync(path.join(out, `.REPORT.md.psp-migrate-${dead}-0badc0de.bak`), 'old');
    // Read-only modes leave a stale lock alone: it is no bundle file, so no difference either.
    expect(await runCli(['convert', '-f', 'cluster', '--out-dir', 'out', '--check'], { cwd: ws })).toMatchObject({ code: 1, stdout: '' });
    const diff = await runCli(['convert', '-f', 'cluster', '--out-dir', 'out', '--diff'], { cwd: ws });
    expect(diff.stdout).not.toContain(LOCK_FILE);
    expect(diff.stdout).not.toMatch(/\.psp-migrate-\d+-/);
    expect(readFileSync(path.join(out, LOCK_FILE), 'utf8')).toBe(lockText(dead));
    const r = await runCli(['convert', '-f', 'cluster', '--out-dir', 'out'], { cwd: ws });
    expect(r.code).toBe(0);
    expect(snapshot(out)).toEqual(expected);
    // And the bundle is current: the lock never shows as a change.
    expect(await runCli(['convert', '-f', 'cluster', '--out-dir', 'out', '--check'], { cwd: ws })).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('of two runs taking over the same stale lock, exactly one gets it', async () => {
    const dir = tempDir({ [LOCK_FILE]: lockText(deadPid()) });
    const files: BundleFile[] = [{ path: 'a.yaml', content: '# Generated by psp-migrate.\na: 1\n' }];
    const settled = await Promise.allSettled([writeBundle(dir, files), writeBundle(dir, files)]);
    expect(settled.map((s) => s.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = settled.find((s) => s.status === 'rejected')!.reason as InputError;
    expect(refused).toBeInstanceOf(InputError);
    expect(refused.message).toMatch(/another psp-migrate run (\(pid \d+ on .+\) is writing to|is taking over the stale lock of)/);
    expect(listFiles(dir)).toEqual(['a.yaml']);
  });

  it('a run that takes over a stale lock cannot remove the fresh lock of another run that did the same', async () => {
    const dir = tempDir({ [LOCK_FILE]: lockText(deadPid()) });
    const files: BundleFile[] = [{ path: 'a.yaml', content: '# Generated by psp-migrate.\na: 1\n' }];
    const gate = () => {
      let open!: () => void;
      const opened = new Promise<void>((r) => (open = r));
      return { opened, open };
    };
    const aHasReadStale = gate();
    const aGo = gate();
    const bWriting = gate();
    const bGo = gate();
    // A pauses right after its last look at the stale lock (the third read: planning, first attempt,
    // under the takeover file), before removing it. B then does everything it can.
    let lockReads = 0;
    const opsA: FileOps = {
      ...NODE_FS,
      readFile: async (p) => {
        const text = await NODE_FS.readFile(p);
        if (p.endsWith(LOCK_FILE) && ++lockReads === 3) {
          aHasReadStale.open();
          await aGo.opened;
        }
        return text;
      },
    };
    const opsB: FileOps = {
      ...NODE_FS,
      writeFile: async (p, c) => {
        bWriting.open();
        await bGo.opened;
        return NODE_FS.writeFile(p, c);
      },
    };
    const runA = writeBundle(dir, files, opsA).then(() => 'written', (e: unknown) => e);
    await aHasReadStale.opened;
    const runB = writeBundle(dir, files, opsB).then(() => 'written', (e: unknown) => e);
    await Promise.race([runB, bWriting.opened]);
    aGo.open();
    const a = await runA;
    bGo.open();
    const b = await runB;
    // Had B taken over too, A (which saw the lock stale) would have removed B's lock, and both would write.
    expect(a).toBe('written');
    expect(b).toBeInstanceOf(InputError);
    expect((b as InputError).message).toBe(`error: another psp-migrate run is taking over the stale lock of ${dir}\n  hint: run again in a moment; if no psp-migrate run is active, remove ${path.join(dir, '.psp-migrate.lock.takeover')}`);
    expect(listFiles(dir)).toEqual(['a.yaml']);
  });

  it('while a run holds the lock, another is refused; a plan made before is made again under the lock', async () => {
    const dir = tempDir();
    const A: BundleFile[] = [
      { path: 'kustomization.yaml', content: '# Generated by psp-migrate.\nA\n' },
      { path: 'namespaces/a.yaml', content: '# Generated by psp-migrate.\na\n' },
    ];
    const B: BundleFile[] = [
      { path: 'kustomization.yaml', content: '# Generated by psp-migrate.\nB\n' },
      { path: 'namespaces/b.yaml', content: '# Generated by psp-migrate.\nb\n' },
    ];
    // Both plan on the empty directory; A then pauses in its first write, holding the lock.
    const planA = await planChanges(dir, A);
    const planB = await planChanges(dir, B);
    let resume!: () => void;
    const paused = new Promise<void>((r) => (resume = r));
    let entered!: () => void;
    const inWrite = new Promise<void>((r) => (entered = r));
    const slow: FileOps = {
      ...NODE_FS,
      writeFile: async (p, c) => {
        entered();
        await paused;
        return NODE_FS.writeFile(p, c);
      },
    };
    const runA = applyChanges(dir, planA, slow);
    await inWrite;
    await expect(applyChanges(dir, planB)).rejects.toThrow(`another psp-migrate run (pid ${process.pid} on ${hostname()}) is writing to ${dir}`);
    await expect(planChanges(dir, B)).rejects.toThrow('it holds the lock file');
    resume();
    await runA;
    expect(snapshot(dir)).toEqual({ 'kustomization.yaml': A[0]!.content, 'namespaces/a.yaml': A[1]!.content });
    // B's plan said "create both"; made again under the lock, it replaces A's bundle whole.
    const applied = await applyChanges(dir, planB);
    expect(applied.map((c) => `${c.kind} ${c.path}`)).toEqual(['update kustomization.yaml', 'delete namespaces/a.yaml', 'create namespaces/b.yaml']);
    expect(snapshot(dir)).toEqual({ 'kustomization.yaml': B[0]!.content, 'namespaces/b.yaml': B[1]!.content });
  });

  it('into a directory that is new, or empty but for a lock, creates every file without looking at each; anything else in it is looked at', async () => {
    const files: BundleFile[] = Array.from({ length: 40 }, (_, i) => ({ path: `namespaces/n${String(i).padStart(2, '0')}.yaml`, content: `# Generated by psp-migrate.\nn: ${i}\n` }));
    const lstats: string[] = [];
    const counting: FileOps = { ...NODE_FS, lstat: (p) => (lstats.push(p), NODE_FS.lstat(p)) };
    const fresh = path.join(tempDir(), 'out');
    const applied = await writeBundle(fresh, files, counting);
    expect(applied.map((c) => `${c.kind} ${c.path}`)).toEqual(files.map((f) => `create ${f.path}`));
    expect(snapshot(fresh)).toEqual(Object.fromEntries(files.map((f) => [f.path, f.content])));
    // The directory itself (planned, then again under the lock), never a file of the bundle.
    expect(lstats.filter((p) => p.includes('namespaces'))).toEqual([]);
    // An existing file is looked at: one the user put there is refused, one of ours is updated.
    const mixed = tempDir();
    mkdirSync(path.join(mixed, 'namespaces'));
    writeFileSync(path.join(mixed, 'namespaces/n00.yaml'), 'mine\n');
    await expect(writeBundle(mixed, files)).rejects.toThrow('exists and was not written by psp-migrate');
    writeFileSync(path.join(mixed, 'namespaces/n00.yaml'), '# Generated by psp-migrate.\nold\n');
    expect((await writeBundle(mixed, files)).filter((c) => c.kind !== 'create').map((c) => `${c.kind} ${c.path}`)).toEqual(['update namespaces/n00.yaml']);
    // A directory that cannot be listed (write and search permission only) is looked at file by file.
    const unlisted = tempDir();
    const denied = Object.assign(new Error('EACCES: permission denied, scandir'), { code: 'EACCES' });
    const noListing: FileOps = { ...counting, readdir: (p) => (p === unlisted ? Promise.reject(denied) : NODE_FS.readdir(p)) };
    lstats.length = 0;
    expect((await writeBundle(unlisted, files, noListing)).map((c) => c.kind)).toEqual(files.map(() => 'create'));
    expect(lstats.filter((p) => p.includes('namespaces')).length).toBeGreaterThanOrEqual(files.length);
  });

  it('a run with nothing to change takes no lock (a current bundle may be on a read-only disk)', async () => {
    const dir = tempDir();
    const files: BundleFile[] = [{ path: 'a.yaml', content: '# Generated by psp-migrate.\na: 1\n' }];
    await writeBundle(dir, files);
    const readOnly: FileOps = { ...NODE_FS, createExclusive: () => Promise.reject(Object.assign(new Error('EROFS: read-only file system, open'), { code: 'EROFS' })) };
    await expect(applyChanges(dir, await planChanges(dir, files, readOnly), readOnly)).resolves.toEqual([]);
  });
});

/** A system error as Node makes them. */
function systemError(code: string, words: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${words}, ${syscall}`), { code, syscall });
}

const FAILURES = [
  ['ENOSPC', 'no space left on device', (out: string) => `free space on the file system that holds ${out} and run psp-migrate again`],
  ['EROFS', 'read-only file system', (out: string) => `${out} is on a read-only file system: give a writable --out-dir, or remount it read-write`],
  ['EACCES', 'permission denied', (out: string) => `psp-migrate creates, renames and removes files in ${out}: give it write permission there, or give another --out-dir`],
] as const;

describe('a full or read-only disk', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** A workspace with a bundle from the changed seed in out/, so that converting the seed updates, creates and removes files. */
  async function previousBundle(): Promise<{ ws: string; out: string; before: Record<string, string> }> {
    const ws = workspace();
    const out = path.join(ws, 'out');
    expect((await runCli(['convert', '-f', changedSeed(ws), '--out-dir', 'out'], { cwd: ws })).code).toBe(0);
    const before = snapshot(out);
    return { ws, out, before };
  }

  const target = (out: string) => path.join(out, 'namespaces/shop.yaml');

  it.each(FAILURES)('%s when writing: exit 2, the file and the error in words, the bundle as it was', async (code, words, hint) => {
    const { ws, out, before } = await previousBundle();
    const write = NODE_FS.writeFile;
    vi.spyOn(NODE_FS, 'writeFile').mockImplementation((p, c) => (path.basename(p).startsWith('.shop.yaml.psp-migrate-') ? Promise.reject(systemError(code, words, 'open')) : write(p, c)));
    const r = await runCli(['convert', '-f', 'cluster', '--out-dir', 'out'], { cwd: ws });
    expect(r).toEqual({ code: 2, stdout: '', stderr: `error: cannot write ${target(out)}: ${words} (${code})\n  hint: ${hint(out)}\npsp-migrate: nothing was written.\n` });
    expect(snapshot(out)).toEqual(before);
  });

  it.each(FAILURES)('%s when renaming: the renames done are undone', async (code, words, hint) => {
    const { ws, out, before } = await previousBundle();
    const rename = NODE_FS.rename;
    const renamed: string[] = [];
    vi.spyOn(NODE_FS, 'rename').mockImplementation((a, b) => {
      if (b === target(out)) return Promise.reject(systemError(code, words, 'rename'));
      renamed.push(b);
      return rename(a, b);
    });
    const r = await runCli(['convert', '-f', 'cluster', '--out-dir', 'out'], { cwd: ws });
    expect(r).toEqual({ code: 2, stdout: '', stderr: `error: cannot replace ${target(out)}: ${words} (${code})\n  hint: ${hint(out)}\npsp-migrate: nothing was written.\n` });
    // Files were renamed into place before the failure (and back after it).
    expect(renamed.filter((p) => !p.includes('.psp-migrate-')).length).toBeGreaterThan(0);
    expect(snapshot(out)).toEqual(before);
  });

  it.each(FAILURES)('%s when creating a directory: what was created is removed', async (code, words, hint) => {
    const ws = workspace();
    const out = path.join(ws, 'new/out');
    const mkdir = NODE_FS.mkdir;
    vi.spyOn(NODE_FS, 'mkdir').mockImplementation((p) => (p.endsWith('gatekeeper/templates') ? Promise.reject(systemError(code, words, 'mkdir')) : mkdir(p)));
    const r = await runCli(['convert', '-f', 'cluster', '--out-dir', 'new/out'], { cwd: ws });
    expect(r).toEqual({ code: 2, stdout: '', stderr: `error: cannot create the directory ${path.join(out, 'gatekeeper/templates')}: ${words} (${code})\n  hint: ${hint(out)}\npsp-migrate: nothing was written.\n` });
    // new/ and new/out were made for the bundle (and its lock), and removed with the rest.
    expect(listFiles(ws).filter((f) => !f.startsWith('cluster/'))).toEqual([]);
  });

  it.each(FAILURES)('%s when creating the lock file', async (code, words, hint) => {
    const { ws, out, before } = await previousBundle();
    vi.spyOn(NODE_FS, 'createExclusive').mockRejectedValue(systemError(code, words, 'open'));
    const r = await runCli(['convert', '-f', 'cluster', '--out-dir', 'out'], { cwd: ws });
    expect(r).toEqual({ code: 2, stdout: '', stderr: `error: cannot create the lock file ${path.join(out, LOCK_FILE)}: ${words} (${code})\n  hint: ${hint(out)}\npsp-migrate: nothing was written.\n` });
    expect(snapshot(out)).toEqual(before);
  });

  it('fails cleanly at whichever file operation the disk fills up', async () => {
    const files: BundleFile[] = [
      { path: 'kustomization.yaml', content: '# Generated by psp-migrate.\nnew\n' },
      { path: 'namespaces/a.yaml', content: '# Generated by psp-migrate.\na2\n' },
      { path: 'namespaces/c.yaml', content: '# Generated by psp-migrate.\nc\n' },
      { path: 'gatekeeper/templates/t.yaml', content: '# Generated by psp-migrate.\nt\n' },
    ];
    const previous = { 'kustomization.yaml': '# Generated by psp-migrate.\nold\n', 'namespaces/a.yaml': '# Generated by psp-migrate.\na1\n', 'namespaces/b.yaml': '# Generated by psp-migrate.\nb\n', 'notes.txt': 'mine\n' };
    // Count the operations of a run that succeeds, then fail each one in turn.
    let count = 0;
    const counting = (fail: number): FileOps => {
      const op =
        <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
        (...a: A): Promise<R> =>
          ++count === fail ? Promise.reject(systemError('ENOSPC', 'no space left on device', 'write')) : f(...a);
      return { ...NODE_FS, mkdir: op(NODE_FS.mkdir), writeFile: op(NODE_FS.writeFile), createExclusive: op(NODE_FS.createExclusive), rename: op(NODE_FS.rename), unlink: op(NODE_FS.unlink) };
    };
    const ok = tempDir(previous);
    await writeBundle(ok, files, counting(0));
    const total = count;
    expect(total).toBeGreaterThan(10);
    for (let fail = 1; fail <= total; fail++) {
      const dir = tempDir(previous);
      count = 0;
      const result = await writeBundle(dir, files, counting(fail)).then(
        () => 'written',
        (err: unknown) => err,
      );
      if (result === 'written') {
        // Only removing a temporary or backup file, or the lock, after the last rename can fail without
        // failing the run: the bundle is complete, and that file is left (a dot name no bundle has; a
        // lock whose process ended is stale, and the next run takes it over).
        const scratch = /(^|\/)\.[^/]+\.psp-migrate-\d+-[0-9a-f]+\.(tmp|bak)$|^\.psp-migrate\.lock$/;
        const left = Object.keys(snapshot(dir)).filter((f) => scratch.test(f));
        expect(left.length, `operation ${fail}`).toBeLessThanOrEqual(1);
        expect(Object.fromEntries(Object.entries(snapshot(dir)).filter(([f]) => !scratch.test(f))), `operation ${fail}`).toEqual(snapshot(ok));
        continue;
      }
      expect(result, `operation ${fail}`).toBeInstanceOf(InputError);
      expect((result as InputError).problems, `operation ${fail}`).toHaveLength(1);
      expect((result as InputError).message, `operation ${fail}`).toMatch(/^error: cannot [a-z ]+ \S+: no space left on device \(ENOSPC\)\n {2}hint: free space on the file system that holds /);
      expect(snapshot(dir), `operation ${fail}`).toEqual(previous);
    }
  });

  it('says which files it could not restore when the undo fails too', async () => {
    const previous = { 'kustomization.yaml': '# Generated by psp-migrate.\nold\n', 'namespaces/a.yaml': '# Generated by psp-migrate.\na1\n' };
    const dir = tempDir(previous);
    const files: BundleFile[] = [
      { path: 'kustomization.yaml', content: '# Generated by psp-migrate.\nnew\n' },
      { path: 'namespaces/a.yaml', content: '# Generated by psp-migrate.\na2\n' },
    ];
    // kustomization.yaml is replaced; namespaces/a.yaml fails; putting kustomization.yaml back fails too.
    const failing: FileOps = {
      ...NODE_FS,
      rename: (a, b) => (b.endsWith('a.yaml') || a.endsWith('.bak') ? Promise.reject(systemError('EIO', 'i/o error', 'rename')) : NODE_FS.rename(a, b)),
    };
    const err = (await writeBundle(dir, files, failing).catch((e: unknown) => e)) as InputError;
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe(
      `error: cannot replace ${path.join(dir, 'namespaces/a.yaml')}: input/output error (EIO)\n  hint: fix the cause and run psp-migrate again\n` +
        `error: could not restore ${path.join(dir, 'kustomization.yaml')} after that: it is as this run would leave it\n  hint: run psp-migrate again once the cause is fixed: it completes the bundle in ${dir}`,
    );
    // Complete files all the same, and no temporary, backup or lock file.
    expect(snapshot(dir)).toEqual({ ...previous, 'kustomization.yaml': files[0]!.content });
  });

  it('describes system errors in words, with the code', () => {
    expect(describeSystemError(systemError('ENOSPC', 'no space left on device', 'write'))).toBe('no space left on device (ENOSPC)');
    expect(describeSystemError(systemError('EXDEV', 'cross-device link not permitted', 'rename'))).toBe('cross-device link not permitted (EXDEV)');
    expect(describeSystemError(new Error('plain'))).toBe('plain');
  });

  it('writes a single file (--report-file) atomically, with the same messages', async () => {
    const dir = tempDir({ 'report.md': 'old\n' });
    const full = path.join(dir, 'report.md');
    const failing: FileOps = { ...NODE_FS, rename: () => Promise.reject(systemError('EROFS', 'read-only file system', 'rename')) };
    await expect(writeFileAtomic(full, 'new\n', failing)).rejects.toThrow(`error: cannot write ${full}: read-only file system (EROFS)\n  hint: ${dir} is on a read-only file system: give a writable --report-file, or remount it read-write`);
    expect(snapshot(dir)).toEqual({ 'report.md': 'old\n' });
    await writeFileAtomic(full, 'new\n');
    expect(snapshot(dir)).toEqual({ 'report.md': 'new\n' });
  });
});

describe('paths in the way', () => {
  it('refuses an --out-dir that is a file, and a file where a generated directory goes', async () => {
    const ws = workspace();
    writeFileSync(path.join(ws, 'out'), 'a file\n');
    expect(await runCli(['convert', '-f', 'cluster', '--out-dir', 'out'], { cwd: ws })).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: --out-dir ${path.join(ws, 'out')} is not a directory\n  hint: give --out-dir a directory, or a path that does not exist yet\npsp-migrate: nothing was written.\n`,
    });
    mkdirSync(path.join(ws, 'out2'));
    writeFileSync(path.join(ws, 'out2/namespaces'), 'a file\n');
    expect(await runCli(['convert', '-f', 'cluster', '--out-dir', 'out2'], { cwd: ws })).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: ${path.join(ws, 'out2/namespaces')} is in the way of a generated directory and is not a directory\n  hint: move it away, or choose another --out-dir\npsp-migrate: nothing was written.\n`,
    });
    expect(listFiles(path.join(ws, 'out2'))).toEqual(['namespaces']);
  });

  it('does not write the lock through a link at --out-dir', async () => {
    const ws = workspace();
    const outside = tempDir();
    symlinkSync(outside, path.join(ws, 'out'));
    const r = await runCli(['convert', '-f', 'cluster', '--out-dir', 'out'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${path.join(ws, 'out')} is a symbolic link; psp-migrate does not write through links`);
    expect(readdirSync(outside)).toEqual([]);
  });
});

describe('NODE_FS.writeFile', () => {
  it('writes a string over a MiB a piece at a time, exactly, even with a surrogate pair across a piece boundary', async () => {
    const piece = 1 << 20;
    const content = `${'a'.repeat(piece - 1)}\u{1F600}${'é'.repeat(piece)}\u{1F600}${'z'.repeat(3)}`;
    const file = path.join(tempDir(), 'big.txt');
    await NODE_FS.writeFile(file, content);
    expect(readFileSync(file, 'utf8') === content).toBe(true);
    expect(readFileSync(file).length).toBe(Buffer.byteLength(content));
  });

  it('writes a text in pieces as the pieces joined, large or small', async () => {
    const dir = tempDir();
    const pieces = [`{\n${'  "x": 1,\n'.repeat(120_000)}  "é": "\u{1F600}"\n}`, '\n'];
    await NODE_FS.writeFile(path.join(dir, 'big.json'), pieces);
    expect(readFileSync(path.join(dir, 'big.json'), 'utf8') === pieces.join('')).toBe(true);
    await NODE_FS.writeFile(path.join(dir, 'small.txt'), ['a', '', 'b\n']);
    expect(readFileSync(path.join(dir, 'small.txt'), 'utf8')).toBe('ab\n');
  });
});

describe('a file given in pieces', () => {
  it('is unchanged when the file on disk is the pieces joined, and updated when it differs anywhere', async () => {
    const dir = tempDir();
    const json = '{\n  "tool": {\n    "name": "psp-migrate"\n  }\n}';
    await writeBundle(dir, [{ path: 'report.json', content: [json, '\n'] }]);
    expect(readFileSync(path.join(dir, 'report.json'), 'utf8')).toBe(`${json}\n`);
    expect(await planChanges(dir, [{ path: 'report.json', content: [json, '\n'] }])).toEqual([]);
    expect(await planChanges(dir, [{ path: 'report.json', content: [`${json}\n`] }])).toEqual([]);
    for (const other of [[json], [json, '\n', ''], [json, '\n\n'], [json.replace('psp', 'PSP'), '\n'], ['', json, '\n']]) {
      const changes = await planChanges(dir, [{ path: 'report.json', content: other }]);
      expect(changes.map((c) => c.kind), JSON.stringify(other)).toEqual(other.join('') === `${json}\n` ? [] : ['update']);
    }
  });
});
