/**
 * The same synthetic cluster as a YAML List, a JSON List (kubectl's 4-space
 * indent) and separate YAML documents gives the same generated objects.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDump } from '../scripts/gen.js';
import type { GenOptions } from '../scripts/gen.js';
import { runCli, tempDir } from './helpers.js';

function bundle(dir: string): Record<string, string> {
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  // The reports name input files and lines, which differ between the forms.
  return Object.fromEntries(walk(dir).filter((f) => !f.endsWith('REPORT.md') && !f.endsWith('report.json')).map((f) => [path.relative(dir, f), readFileSync(f, 'utf8')]));
}

describe('input forms', () => {
  it('a List in YAML, a List in JSON and separate documents give the same bundle', async () => {
    const ws = tempDir();
    const base: Omit<GenOptions, 'format'> = { pods: 120, namespaces: 8, psps: 8, rbac: 40, seed: 3 };
    for (const format of ['yaml', 'json', 'docs'] as const) {
      await writeDump({ ...base, format }, path.join(ws, `dump.${format === 'json' ? 'json' : format === 'yaml' ? 'list.yaml' : 'yaml'}`));
    }
    const outs = [];
    for (const file of ['dump.list.yaml', 'dump.json', 'dump.yaml']) {
      const r = await runCli(['convert', '-f', file, '--out-dir', `out-${file}`], { cwd: ws });
      expect(r.code, r.stderr).toBe(0);
      outs.push(bundle(path.join(ws, `out-${file}`)));
    }
    expect(Object.keys(outs[0]!).length).toBeGreaterThan(20);
    expect(outs[1]).toEqual(outs[0]);
    expect(outs[2]).toEqual(outs[0]);
  });
});
