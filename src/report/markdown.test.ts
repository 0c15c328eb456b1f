/**
 * REPORT.md's template is precompiled by `npm run build` (dist/templates/REPORT.md.cjs) and used when it
 * was made from the current template; otherwise it is compiled at run time. Both must write the same.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, tempDir } from '../../test/helpers.js';

const BUILT = path.join(REPO_ROOT, 'dist/templates/REPORT.md.cjs');

describe('REPORT.md', () => {
  afterEach(() => {
    delete process.env.PSP_MIGRATE_COMPILE_TEMPLATES;
  });

  it('is the same from the precompiled template and from the template compiled at run time', async () => {
    // npm ci builds dist/ (the prepare script); without it there is nothing to compare.
    expect(existsSync(BUILT), `${BUILT} is missing: run npm run build`).toBe(true);
    const seed = path.join(REPO_ROOT, 'testdata/examples/seed-cluster');
    const dir = tempDir();
    const precompiled = await runCli(['convert', '-f', seed, '--report', 'md'], { cwd: dir });
    process.env.PSP_MIGRATE_COMPILE_TEMPLATES = '1';
    const compiled = await runCli(['convert', '-f', seed, '--report', 'md'], { cwd: dir });
    expect(precompiled.code).toBe(0);
    expect(precompiled.stdout).toBe(compiled.stdout);
    expect(precompiled.stdout).toContain('| Field |');
    expect(readFileSync(BUILT, 'utf8')).toContain('sha256');
  });

  it('has an ASCII template, so that a large report is held at one byte per character', async () => {
    const template = readFileSync(path.join(REPO_ROOT, 'templates/report/REPORT.md.hbs'), 'utf8');
    expect(template.replace(/[\x00-\x7f]/g, '')).toBe('');
    const seed = path.join(REPO_ROOT, 'testdata/examples/seed-cluster');
    const md = await runCli(['convert', '-f', seed, '--report', 'md'], { cwd: tempDir() });
    expect(md.stdout.replace(/[\x00-\x7f]/g, '')).toBe('');
  });
});
