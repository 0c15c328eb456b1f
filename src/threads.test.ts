/**
 * The parse worker's head start (cli/main.ts): started from the arguments
 * alone, before the program's modules load, and taken by the reader's pool.
 */
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ParsePool } from './input/parallel.js';
import { PARALLEL_MIN_BYTES, haveSpareCore, prestartParseWorker, takePrestartedWorker } from './threads.js';

const dir = mkdtempSync(path.join(tmpdir(), 'psp-migrate-threads-'));
const large = path.join(dir, 'dump.json');
const small = path.join(dir, 'small.json');
// A sparse file: its size is what counts, not its bytes.
writeFileSync(large, '');
truncateSync(large, PARALLEL_MIN_BYTES);
writeFileSync(small, '{}');
// Two files that are large only together: the reader starts its worker per file.
const halves = [path.join(dir, 'half-1.json'), path.join(dir, 'half-2.json')];
for (const half of halves) {
  writeFileSync(half, '');
  truncateSync(half, PARALLEL_MIN_BYTES / 2 + 1);
}
// A path that cannot be looked at (a loop of links): the reader reports it; the head start must not throw.
const loop = path.join(dir, 'loop');
symlinkSync(loop, loop);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(haveSpareCore())('prestartParseWorker', () => {
  it('starts no worker for small files, directories, stdin, files that are not there or cannot be looked at', () => {
    const cases = [
      ['convert', '-f', small],
      ['convert', '-f', dir],
      ['convert', '-f', '-'],
      ['check', '--filename', path.join(dir, 'missing.json')],
      ['convert', '--', '-f', large],
      ['convert', '-f', halves[0]!, '-f', halves[1]!],
      ['convert', '-f', loop],
      ['convert', '-f', path.join(small, 'below-a-file.json')],
    ];
    for (const argv of cases) {
      prestartParseWorker(argv);
      expect(takePrestartedWorker(), argv.join(' ')).toBeUndefined();
    }
  });

  it.each([
    [['convert', '-f', large]],
    [['convert', `--filename=${large}`, '--out-dir', 'out']],
    [['check', '--filename', small, `-f${large}`]],
    [['convert', `-f=${large}`]],
  ])('starts one when %j names files as large as the reader starts one for', async (argv) => {
    prestartParseWorker(argv);
    const worker = takePrestartedWorker();
    expect(worker).toBeDefined();
    // Taken once: the next pool starts its own.
    expect(takePrestartedWorker()).toBeUndefined();
    await worker!.terminate();
  });

  it('the reader’s pool takes the started worker, and parses with it', async () => {
    prestartParseWorker(['convert', '-f', large]);
    const answered = ParsePool.answered;
    const pool = new ParsePool();
    expect(takePrestartedWorker()).toBeUndefined();
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'n' }, spec: { containers: [{ name: 'c' }] } });
    const bytes = new Uint8Array(Buffer.from(text));
    const reply = await pool.result(pool.send({ json: true, file: 'dump.json', bytes, refs: [{ start: 0, end: bytes.length, line: 1, col: 1, indent: -1 }] }));
    expect(reply?.outcomes[0]?.t).toBe('carrier');
    expect(ParsePool.answered).toBe(answered + 1);
    await pool.close();
  });

  it('a started worker that stopped before it was taken is not handed over', async () => {
    const worker = prestartParseWorker(['convert', '-f', large])!;
    expect(worker).toBeDefined();
    await worker.terminate();
    await new Promise((resolve) => setImmediate(resolve));
    expect(takePrestartedWorker()).toBeUndefined();
  });
});
