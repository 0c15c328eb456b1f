/**
 * REPORT.md's template is precompiled by `npm run build` (dist/templates/REPORT.md.cjs) and used when it
 * was made from the current template; otherwise it is compiled at run time. Both must write the same.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, tempDir } from '../../test/helpers.js';
import { escapeAll, escapeMarkdown } from './markdown.js';

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

describe('escapeMarkdown', () => {
  it('escapes what can make markup, and leaves plain text as it is', () => {
    expect(escapeMarkdown('- a|b <i>x</i> `c` [l](u) \\ &amp;\n#')).toBe('\\- a\\|b &lt;i>x&lt;/i> \\`c\\` \\[l\\](u) \\\\ &amp;amp; #');
    expect(escapeMarkdown('team-00001/web-1 was admitted by psp-3 (kubernetes.io/psp): ok')).toBe('team-00001/web-1 was admitted by psp-3 (kubernetes.io/psp): ok');
    expect(escapeMarkdown('\u0001\t')).toBe('\\u0001\t');
    expect(escapeMarkdown(undefined)).toBe('');
  });

  it('property: the shortcut passes over only texts that no replacement changes', () => {
    const units = [...'ab -#+>&\\`*_[]|~<\r\n\t\u0000\u0007\u000b\u001f\u007f', 'é'];
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...units) })), (text) => {
        expect(escapeMarkdown(text)).toBe(escapeAll(text));
      }),
      { numRuns: 3000, seed: 71 },
    );
  });
});
