// The resource limits of issue 9, measured: each hostile input (an alias bomb, 10,000-deep nesting,
// a 100 MB scalar, a million tiny documents, 2 GB files) goes through the built CLI,
// `node dist/cli/main.js convert -f FILE --report json`, with the RSS probe. Prints a table (exit code,
// first line of stderr, seconds, peak RSS) and writes bench-limits.json.
//
//   npm run build && npx tsx scripts/bench-limits.ts
//
// BENCH_LIMITS=alias-bomb,deep-json picks inputs by name; BENCH_LIMITS_TIMEOUT_S (default 600) stops
// a run that takes longer. The inputs are written to a folder in os.tmpdir() and removed at the end.
// Whether each limit is enforced is asserted in the tests (test/errors.test.ts); this measures.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist/cli/main.js');
const PROBE = path.join(ROOT, 'scripts/rss-probe.mjs');

const MB = 1e6;

/** Valid PodSecurityPolicy first, so that an input that is read whole is also a cluster to convert. */
const PSP = 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: p\nspec:\n  seLinux: {rule: RunAsAny}\n  runAsUser: {rule: RunAsAny}\n  supplementalGroups: {rule: RunAsAny}\n  fsGroup: {rule: RunAsAny}\n';

/**
 * Writes a large file from chunks without holding it in memory (the point is
 * to measure the CLI, not this script). `chunk(i)` returns the i-th piece, or
 * undefined at the end.
 */
async function stream(file: string, chunk: (i: number) => string | undefined): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; ; i++) {
    const piece = chunk(i);
    if (piece === undefined) break;
    if (!out.write(piece)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * ConfigMaps after a PSP, `count` of them or until `bytes` are written, in
 * chunks of about a megabyte; each carries `payload` bytes of data (0: tiny).
 */
function documents(limit: { count: number } | { bytes: number }, payload = 0): (i: number) => string | undefined {
  const perChunk = Math.max(1, Math.floor(1e6 / (80 + payload)));
  const data = payload > 0 ? `\ndata:\n  payload: ${'y'.repeat(payload)}` : '';
  let written = 0;
  return (i) => {
    const first = i * perChunk;
    if ('count' in limit ? first >= limit.count : written >= limit.bytes) return undefined;
    let s = i === 0 ? `${PSP}---\n` : '';
    const end = 'count' in limit ? Math.min(limit.count, first + perChunk) : first + perChunk;
    for (let n = first; n < end; n++) s += `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${n}, namespace: ns${n % 100}}${data}\n---\n`;
    written += s.length;
    return s;
  };
}

/** A scalar of `bytes` letters as the value of a ConfigMap key, in YAML or JSON. */
function bigScalar(bytes: number, format: 'yaml' | 'json'): (i: number) => string | undefined {
  const piece = 'x'.repeat(MB);
  const pieces = Math.ceil(bytes / MB);
  const head = format === 'yaml' ? `${PSP}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  big: "` : '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "big"}, "data": {"big": "';
  const tail = format === 'yaml' ? '"\n' : '"}}\n';
  return (i) => (i === 0 ? head : i <= pieces ? piece : i === pieces + 1 ? tail : undefined);
}

/** Ten levels of nine aliases each: 9^10 (3.5 billion) nodes once expanded, in 400 bytes. */
function aliasBomb(): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: bomb}', 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

const DEPTH = 10_000;

interface LimitInput {
  name: string;
  description: string;
  /** Writes the input to `file`. */
  make(file: string): Promise<void> | void;
  ext: 'yaml' | 'json';
}

export const INPUTS: LimitInput[] = [
  { name: 'alias-bomb', description: 'YAML alias bomb (9^10 nodes)', ext: 'yaml', make: (f) => writeFileSync(f, aliasBomb()) },
  { name: 'deep-yaml-flow', description: `YAML [[[…]]] ${DEPTH} deep`, ext: 'yaml', make: (f) => writeFileSync(f, `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n`) },
  { name: 'deep-yaml-map', description: `YAML a: {a: {a: …}} ${DEPTH} deep`, ext: 'yaml', make: (f) => writeFileSync(f, `a: ${'{a: '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}\n`) },
  { name: 'deep-yaml-block', description: `YAML - - - … ${DEPTH} deep`, ext: 'yaml', make: (f) => writeFileSync(f, `${'- '.repeat(DEPTH)}x\n`) },
  { name: 'deep-json-array', description: `JSON [[[…]]] ${DEPTH} deep`, ext: 'json', make: (f) => writeFileSync(f, `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n`) },
  { name: 'deep-json-object', description: `JSON {"a": {"a": …}} ${DEPTH} deep`, ext: 'json', make: (f) => writeFileSync(f, `${'{"a": '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}\n`) },
  { name: 'scalar-100mb-yaml', description: 'YAML, one 100 MB scalar', ext: 'yaml', make: (f) => stream(f, bigScalar(100 * MB, 'yaml')) },
  { name: 'scalar-100mb-json', description: 'JSON, one 100 MB string', ext: 'json', make: (f) => stream(f, bigScalar(100 * MB, 'json')) },
  { name: 'million-docs', description: '1,000,000 tiny YAML documents', ext: 'yaml', make: (f) => stream(f, documents({ count: 1_000_000 })) },
  {
    name: 'sparse-2gb',
    description: '2 GB sparse file (NUL bytes)',
    ext: 'yaml',
    make: (f) => {
      // A hole: no disk space, read back as zeros.
      writeFileSync(f, '');
      truncateSync(f, 2 * 1024 ** 3);
    },
  },
  // Half a million documents of 4 KB (the million-docs input measures the cost per document).
  { name: 'docs-2gb', description: '2 GB of 4 KB YAML documents', ext: 'yaml', make: (f) => stream(f, documents({ bytes: 2 * 1024 ** 3 }, 4096)) },
];

export interface LimitRow {
  input: string;
  description: string;
  megabytes: number;
  /** null when the run was stopped (timeout) or killed. */
  exitCode: number | null;
  signal: string | null;
  firstLine: string;
  seconds: number;
  maxRssMiB: number;
}

/** Runs the built CLI on one file with the RSS probe: exit code, first line of stderr, wall time, peak RSS. */
function run(file: string, timeoutSeconds: number): Omit<LimitRow, 'input' | 'description' | 'megabytes'> {
  const start = process.hrtime.bigint();
  // stdout (the report) is not kept: only whether and how the run ends matters here. Run beside the
  // file, so that messages name it without the temporary folder.
  const r = spawnSync(process.execPath, ['--import', PROBE, CLI, 'convert', '-f', path.basename(file), '--report', 'json'], {
    cwd: path.dirname(file),
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 << 20,
    timeout: timeoutSeconds * 1000,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const stderr = r.stderr ?? '';
  const rss = /@@maxrss (\d+)/.exec(stderr);
  const lines = stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('@@maxrss'));
  const timedOut = r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
  return {
    exitCode: r.status,
    signal: r.signal,
    firstLine: timedOut ? `(stopped after ${timeoutSeconds} s)` : (lines[0] ?? '(nothing)'),
    seconds,
    maxRssMiB: rss ? Number(rss[1]) / 1024 : NaN,
  };
}

export async function main(): Promise<LimitRow[]> {
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist: run npm run build first`);
  const chosen = process.env.BENCH_LIMITS?.split(',').map((s) => s.trim());
  const timeoutSeconds = Number(process.env.BENCH_LIMITS_TIMEOUT_S ?? 600);
  const inputs = chosen ? INPUTS.filter((i) => chosen.includes(i.name)) : INPUTS;
  const dir = mkdtempSync(path.join(tmpdir(), 'psp-migrate-limits-'));
  const rows: LimitRow[] = [];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(34) : i === cells.length - 1 ? c : c.padStart(9))).join(' ');
  console.log(line(['input', 'MB', 'exit', 'seconds', 'RSS MiB', 'first line of stderr']));
  try {
    for (const input of inputs) {
      const file = path.join(dir, `${input.name}.${input.ext}`);
      await input.make(file);
      const megabytes = statSync(file).size / MB;
      const row: LimitRow = { input: input.name, description: input.description, megabytes, ...run(file, timeoutSeconds) };
      // One large input on the disk at a time.
      rmSync(file, { force: true });
      rows.push(row);
      console.log(line([input.description, megabytes.toFixed(1), row.exitCode === null ? (row.signal ?? '-') : String(row.exitCode), row.seconds.toFixed(2), row.maxRssMiB.toFixed(0), row.firstLine.length > 150 ? `${row.firstLine.slice(0, 150)}…` : row.firstLine]));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  writeFileSync(path.join(ROOT, 'bench-limits.json'), `${JSON.stringify({ node: process.version, timeoutSeconds, rows }, null, 2)}\n`);
  return rows;
}

// Run directly (not imported by scripts/bench.ts).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
