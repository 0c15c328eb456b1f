/**
 * Golden bundles: `convert --out-dir testdata/<case>/expected` must change
 * nothing. After a reviewed change of the output, rewrite them with
 * `UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts` and review the diff.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const CASES: { name: string; args: string[] }[] = [{ name: 'seed-cluster', args: ['-f', 'testdata/examples/seed-cluster'] }];

describe('golden bundles', () => {
  it.each(CASES)('$name', async ({ name, args }) => {
    const out = `testdata/${name}/expected`;
    if (process.env.UPDATE_GOLDEN) expect((await runCli(['convert', ...args, '--out-dir', out])).code).toBe(0);
    const r = await runCli(['convert', ...args, '--out-dir', out, '--diff']);
    expect(r.stdout, `the bundle differs from ${out}; review the change, then run UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts`).toBe('');
    expect(r.code).toBe(0);
  });
});
