/**
 * The fuzz harness: random and mutated documents, derived from testdata/,
 * through the whole CLI. Every input must end with exit 0, 1 or 2 and a
 * message — never an internal error, a stack trace or a hang.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { main } from '../cli/cli.js';
import { REPO_ROOT } from './helpers.js';

function corpusFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'expected' ? [] : corpusFiles(full);
    return /\.(ya?ml|json)$/.test(e.name) ? [full] : [];
  });
}

/** The seed documents every mutation starts from. */
export const CORPUS = corpusFiles(path.join(REPO_ROOT, 'testdata')).map((f) => readFileSync(f, 'utf8'));

const TOKENS = ['{{ .Values.x }}', '---', '\t', ': ', '- ', '[', ']', '{', '}', '&a', '*a', '<<: *a', '!!binary', '"', "'", '#', '|', '>', 'yes', 'null', '~', '0777', '1e999', '-1', '\u0000', '\ufeff', 'é', '😀', 'kind: List\nitems:\n', 'apiVersion: v1\nkind: Pod\n', '\n', '    '];

/** A document from the corpus with random edits: lines dropped, duplicated or cut, tokens inserted, characters flipped. */
export const mutatedDocument: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...CORPUS),
    fc.array(
      fc.oneof(
        fc.record({ op: fc.constant('insert' as const), at: fc.nat(), token: fc.constantFrom(...TOKENS) }),
        fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
        fc.record({ op: fc.constant('dropLine' as const), at: fc.nat() }),
        fc.record({ op: fc.constant('dupLine' as const), at: fc.nat() }),
        fc.record({ op: fc.constant('flip' as const), at: fc.nat(), char: fc.string({ minLength: 1, maxLength: 1 }) }),
      ),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([doc, edits]) => {
    let s = doc;
    for (const e of edits) {
      const at = s.length === 0 ? 0 : e.at % s.length;
      if (e.op === 'insert') s = s.slice(0, at) + e.token + s.slice(at);
      else if (e.op === 'delete') s = s.slice(0, at) + s.slice(at + e.length);
      else if (e.op === 'flip') s = s.slice(0, at) + e.char + s.slice(at + 1);
      else {
        const lines = s.split('\n');
        const i = lines.length === 0 ? 0 : e.at % lines.length;
        if (e.op === 'dropLine') lines.splice(i, 1);
        else lines.splice(i, 0, lines[i] ?? '');
        s = lines.join('\n');
      }
    }
    return s;
  });

/** Random text and random JSON values, besides the mutated documents. */
export const anyInput: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: mutatedDocument },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 6 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify({ apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', metadata: { name: 'x' }, spec: v })) },
);

export interface FuzzOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one input through a command of the CLI, from stdin. */
export async function runInput(input: string, args: string[]): Promise<FuzzOutcome> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    readStdin: async () => Buffer.from(input),
    stdinIsTTY: false,
    cwd: REPO_ROOT,
  });
  return { code, stdout, stderr };
}

/** Why an outcome breaks the contract, or undefined when it keeps it. */
export function contractBroken(o: FuzzOutcome): string | undefined {
  if (![0, 1, 2].includes(o.code)) return `exit code ${o.code}`;
  if (o.stderr.includes('internal error')) return `internal error: ${o.stderr.slice(0, 500)}`;
  if (/^\s+at .+\(.+:\d+:\d+\)$/m.test(o.stderr)) return 'a stack trace on stderr';
  if (o.code === 2 && o.stdout !== '') return 'exit 2 but something was written to stdout';
  if (o.code === 2 && !/error: |psp-migrate: /.test(o.stderr)) return 'exit 2 without a message';
  return undefined;
}
