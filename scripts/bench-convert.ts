// Times `psp-migrate convert --out-dir` on generated cluster dumps, next to parse-only baselines of the
// same bytes (JSON.parse for JSON, js-yaml's loadAll for YAML), and the seed example next to `node -e 0`.
// Prints a table and writes bench-results.json. Sizes: BENCH_PODS=1000,3000 (default).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDump } from './gen.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist/cli/main.js');
const PROBE = path.join(ROOT, 'scripts/rss-probe.mjs');

interface Measure {
  seconds: number;
  maxRssMiB: number;
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

export interface ConvertBenchRow {
  pods: number;
  format: 'json' | 'yaml';
  megabytes: number;
  convert: Measure;
  baseline: Measure;
  ratio: number;
}

export async function main(): Promise<{ rows: ConvertBenchRow[]; seed: { convert: Measure; nodeStart: Measure; ratio: number } }> {
  const sizes = (process.env.BENCH_PODS ?? '1000,3000').split(',').map(Number);
  const dir = mkdtempSync(path.join(tmpdir(), 'psp-migrate-bench-'));
  const rows: ConvertBenchRow[] = [];
  try {
    for (const pods of sizes) {
      for (const format of ['json', 'yaml'] as const) {
        const file = path.join(dir, `dump-${pods}.${format}`);
        await writeDump({ pods, namespaces: Math.max(1, Math.floor(pods / 15)), psps: 30, rbac: Math.max(40, Math.floor(pods / 6)), seed: 1, format }, file);
        const baselineCode =
          format === 'json'
            ? `JSON.parse(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`
            : `require('js-yaml').loadAll(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`;
        const baseline = measure(['-e', baselineCode]);
        const out = path.join(dir, `out-${pods}-${format}`);
        const convert = measure([CLI, 'convert', '-f', file, '--out-dir', out]);
        rows.push({ pods, format, megabytes: statSync(file).size / 1e6, convert, baseline, ratio: convert.seconds / baseline.seconds });
      }
    }
    const seedOut = path.join(dir, 'seed-out');
    const seedConvert = measure([CLI, 'convert', '-f', path.join(ROOT, 'testdata/examples/seed-cluster'), '--out-dir', seedOut]);
    const nodeStart = measure(['-e', '0']);
    const seed = { convert: seedConvert, nodeStart, ratio: seedConvert.seconds / nodeStart.seconds };

    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(8) : c.padStart(12))).join(' ');
    console.log(line(['pods', 'format', 'MB', 'convert s', 'RSS MiB', 'baseline s', 'RSS MiB', 'ratio', 's/MB']));
    for (const r of rows) {
      console.log(line([String(r.pods), r.format, r.megabytes.toFixed(1), r.convert.seconds.toFixed(2), r.convert.maxRssMiB.toFixed(0), r.baseline.seconds.toFixed(2), r.baseline.maxRssMiB.toFixed(0), `${r.ratio.toFixed(1)}x`, (r.convert.seconds / r.megabytes).toFixed(3)]));
    }
    console.log(`seed example: convert ${seed.convert.seconds.toFixed(2)} s, node -e 0 ${seed.nodeStart.seconds.toFixed(2)} s, ratio ${seed.ratio.toFixed(1)}x`);
    writeFileSync(path.join(ROOT, 'bench-results.json'), `${JSON.stringify({ rows, seed }, null, 2)}\n`);
    return { rows, seed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

