// Times `psp-migrate convert --out-dir` on generated cluster dumps, next to parse-only baselines of the
// same bytes (JSON.parse for JSON, js-yaml's loadAll for YAML), and the seed example next to `node -e 0`.
// Prints a table and writes bench-results.json. Sizes: BENCH_PODS=1000,3000 (default); from 50,000 pods the
// cluster has the shape (10,000 namespaces, 25,000 RBAC objects, 300 PSPs). BENCH_DIR keeps the
// generated dumps there between runs (they are deterministic); otherwise a temporary directory is used.
// BENCH_RUNS: how many times inputs up to 300 MB are converted and parsed (default 3; the medians are compared).
// With two sizes from 50,000 pods, it also reads both JSON dumps alone to measure the per-pod summary (the live
// heap after input) and prints its growth next to the peak RSS growth.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GENERATOR_VERSION, writeDump } from './gen.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist/cli/main.js');
const PROBE = path.join(ROOT, 'scripts/rss-probe.mjs');

interface Measure {
  seconds: number;
  maxRssMiB: number;
}

/** Several runs of one command: the median time, the largest peak RSS, and every run's time. */
interface Measures extends Measure {
  runs: number[];
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function summarize(ms: readonly Measure[]): Measures {
  return { seconds: median(ms.map((m) => m.seconds)), maxRssMiB: Math.max(...ms.map((m) => m.maxRssMiB)), runs: ms.map((m) => m.seconds) };
}

/** Runs node with the RSS probe; the wall time and peak RSS of the whole process. */
function measure(args: string[]): Measure {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', PROBE, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`node ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const rss = /@@maxrss (\d+)/.exec(r.stderr);
  return { seconds, maxRssMiB: rss ? Number(rss[1]) / 1024 : NaN };
}

/**
 * The live heap, in MiB, once a dump is read into the inventory, after full collections: the per-pod
 * summary the issue measures growth against (everything else is the same at 50,000 and 150,000 pods).
 */
function heapAfterInput(file: string): number {
  const run = pathToFileURL(path.join(ROOT, 'dist/src/run.js')).href;
  const code = [
    `const { loadInventory } = await import(${JSON.stringify(run)});`,
    `const io = { stdout: process.stdout, stderr: process.stderr, readStdin: async () => Buffer.alloc(0), stdinIsTTY: true, cwd: process.cwd() };`,
    `const inv = await loadInventory({ filenames: [${JSON.stringify(file)}] }, io);`,
    'globalThis.gc();',
    'globalThis.gc();',
    `console.log('@@heap', process.memoryUsage().heapUsed, inv.pods.length);`,
  ].join('\n');
  const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', code], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const m = /@@heap (\d+)/.exec(r.stdout);
  if (r.status !== 0 || !m) throw new Error(`reading ${file} for its heap failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return Number(m[1]) / 2 ** 20;
}

/** Peak RSS growth from the smallest to the largest of the large runs, next to the growth of the per-pod summary. */
export interface SummaryGrowth {
  pods: [number, number];
  /** Live heap after reading each (JSON) dump, MiB. */
  heapMiB: [number, number];
  summaryGrowthMiB: number;
  rssGrowthMiB: { json?: number; yaml?: number };
}

export interface ConvertBenchRow {
  pods: number;
  namespaces: number;
  format: 'json' | 'yaml';
  megabytes: number;
  convert: Measures;
  /** Absent where the input does not fit in one string (V8 strings hold at most 512 MiB). */
  baseline?: Measures;
  ratio?: number;
  secondsPerMegabyte: number;
}

/** Where the bench keeps a generated dump (named by the generator's version, so that older ones are made again). */
function dumpFile(dir: string, pods: number, namespaces: number, format: 'json' | 'yaml'): string {
  return path.join(dir, `dump-v${GENERATOR_VERSION}-${pods}-${namespaces}.${format}`);
}

/** V8's longest string, in UTF-16 units; a larger file cannot be read into one string for a baseline. */
const MAX_STRING = (1 << 29) - 24;

export async function main(): Promise<{ rows: ConvertBenchRow[]; growth?: SummaryGrowth; seed: { convert: Measures; nodeStart: Measures; ratio: number } }> {
  const sizes = (process.env.BENCH_PODS ?? '1000,3000').split(',').map(Number);
  const keep = process.env.BENCH_DIR;
  if (keep) mkdirSync(keep, { recursive: true });
  const dir = keep ?? mkdtempSync(path.join(tmpdir(), 'psp-migrate-bench-'));
  const rows: ConvertBenchRow[] = [];
  // The bundles are removed at the end, not after each run: right after thousands of files are deleted,
  // ext4 creates files slowly (it skips recently deleted inodes, scanning for others), and a user's run
  // does not follow such a deletion.
  // BENCH_OUT: where the bundles go (default: beside the dumps). On a disk, creating thousands of files
  // can take ten times longer after a large deletion (seen here: 0.5 s or 6 s for the same 6,590 files),
  // which says more about the file system than about psp-migrate; a tmpfs (/dev/shm) takes that out.
  const outBase = process.env.BENCH_OUT ?? dir;
  mkdirSync(outBase, { recursive: true });
  const outs = mkdtempSync(path.join(outBase, 'out-'));
  try {
    for (const pods of sizes) {
      const large = pods >= 50_000;
      const shape = large ? { namespaces: 10_000, psps: 300, rbac: 25_000 } : { namespaces: Math.max(1, Math.floor(pods / 15)), psps: 30, rbac: Math.max(40, Math.floor(pods / 6)) };
      for (const format of ['json', 'yaml'] as const) {
        const file = dumpFile(dir, pods, shape.namespaces, format);
        if (!existsSync(file)) await writeDump({ pods, ...shape, seed: 1, format }, file);
        const bytes = statSync(file).size;
        const baselineCode =
          format === 'json'
            ? `JSON.parse(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`
            : `require('js-yaml').loadAll(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`;
        // This machine's timings vary by 10-30% from run to run: inputs up to 300 MB are run BENCH_RUNS times
        // (default 3), baseline and convert in turn, and the medians compared.
        const runs = bytes > 300e6 ? 1 : Number(process.env.BENCH_RUNS ?? 3);
        const baselines: Measure[] = [];
        const converts: Measure[] = [];
        for (let i = 0; i < runs; i++) {
          if (bytes < MAX_STRING) baselines.push(measure(['--max-old-space-size=8192', '-e', baselineCode]));
          converts.push(measure([CLI, 'convert', '-f', file, '--out-dir', path.join(outs, `${pods}-${format}-${i}`)]));
        }
        const baseline = baselines.length > 0 ? summarize(baselines) : undefined;
        const convert = summarize(converts);
        const megabytes = bytes / 1e6;
        rows.push({ pods, namespaces: shape.namespaces, format, megabytes, convert, ...(baseline ? { baseline, ratio: convert.seconds / baseline.seconds } : {}), secondsPerMegabyte: convert.seconds / megabytes });
      }
    }
    // The memory goal: from 50,000 to 150,000 pods (same namespaces, RBAC and PSPs), peak RSS grows by no
    // more than the per-pod summary does.
    const large = [...new Set(rows.filter((r) => r.pods >= 50_000 && r.format === 'json').map((r) => r.pods))].sort((a, b) => a - b);
    let growth: SummaryGrowth | undefined;
    if (large.length >= 2) {
      const pods: [number, number] = [large[0]!, large[large.length - 1]!];
      const fileOf = (n: number) => dumpFile(dir, n, rows.find((r) => r.pods === n)!.namespaces, 'json');
      const heapMiB: [number, number] = [heapAfterInput(fileOf(pods[0])), heapAfterInput(fileOf(pods[1]))];
      const rssGrowthMiB: SummaryGrowth['rssGrowthMiB'] = {};
      for (const format of ['json', 'yaml'] as const) {
        const [a, b] = pods.map((n) => rows.find((r) => r.pods === n && r.format === format));
        if (a && b) rssGrowthMiB[format] = b.convert.maxRssMiB - a.convert.maxRssMiB;
      }
      growth = { pods, heapMiB, summaryGrowthMiB: heapMiB[1] - heapMiB[0], rssGrowthMiB };
    }
    const seedOut = path.join(outs, 'seed');
    const seedConvert = summarize([1, 2, 3].map((i) => measure([CLI, 'convert', '-f', path.join(ROOT, 'testdata/examples/seed-cluster'), '--out-dir', `${seedOut}-${i}`])));
    const nodeStart = summarize([1, 2, 3].map(() => measure(['-e', '0'])));
    const seed = { convert: seedConvert, nodeStart, ratio: seedConvert.seconds / nodeStart.seconds };

    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(8) : c.padStart(12))).join(' ');
    console.log(`(times: the median of the runs, with their range; RSS: the largest peak)`);
    console.log(line(['pods', 'namespaces', 'format', 'MB', 'convert s', 'range', 'RSS MiB', 'baseline s', 'range', 'RSS MiB', 'ratio', 's/MB']));
    for (const r of rows) {
      const b = r.baseline;
      const range = (m: Measures) => `${Math.min(...m.runs).toFixed(2)}-${Math.max(...m.runs).toFixed(2)}`;
      console.log(line([String(r.pods), String(r.namespaces), r.format, r.megabytes.toFixed(1), r.convert.seconds.toFixed(2), range(r.convert), r.convert.maxRssMiB.toFixed(0), b ? b.seconds.toFixed(2) : 'too large', b ? range(b) : '-', b ? b.maxRssMiB.toFixed(0) : '-', r.ratio ? `${r.ratio.toFixed(2)}x` : '-', r.secondsPerMegabyte.toFixed(3)]));
    }
    if (growth) {
      const g = growth;
      const rss = Object.entries(g.rssGrowthMiB).map(([f, v]) => `${f} ${v >= 0 ? '+' : ''}${v.toFixed(0)} MiB`).join(', ');
      console.log(`per-pod summary: live heap after reading ${g.pods[0]} pods ${g.heapMiB[0].toFixed(1)} MiB, ${g.pods[1]} pods ${g.heapMiB[1].toFixed(1)} MiB (+${g.summaryGrowthMiB.toFixed(1)} MiB); peak RSS growth: ${rss}`);
    }
    console.log(`seed example: convert ${seed.convert.seconds.toFixed(2)} s, node -e 0 ${seed.nodeStart.seconds.toFixed(2)} s, ratio ${seed.ratio.toFixed(1)}x`);
    writeFileSync(path.join(ROOT, 'bench-results.json'), `${JSON.stringify({ rows, ...(growth ? { growth } : {}), seed }, null, 2)}\n`);
    return { rows, ...(growth ? { growth } : {}), seed };
  } finally {
    rmSync(outs, { recursive: true, force: true });
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

