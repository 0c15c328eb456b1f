/**
 * The library's entry points for the CLI: typed options in, exit code out.
 * All output goes through the Io given, so tests run commands in-process.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { InputError, formatProblem } from './input/errors.js';
import { streamInputs } from './input/stream.js';
import { InventoryBuilder } from './model/objects.js';
import type { Inventory } from './model/types.js';
import { checkInventory } from './plan/check.js';
import type { Level, Version } from './pss/index.js';
import { checkSummary, formatCheckJson, formatCheckText } from './report/check.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_INPUT_ERROR = 2;

export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  readStdin(): Promise<Buffer>;
  /** Whether standard input is a terminal (nothing piped in). */
  stdinIsTTY: boolean;
  cwd: string;
  /** Whether to colour each stream (a terminal, and NO_COLOR unset). */
  color?: { stdout: boolean; stderr: boolean };
  /** Whether to show progress on stderr for long reads (stderr is a terminal). */
  progress?: boolean;
}

export interface InputOptions {
  /** `-f` values; empty means standard input when something is piped in. */
  filenames: string[];
}


/** How many problems we list before summarizing the rest. */
const MAX_PROBLEMS_SHOWN = 50;

export function reportInputError(err: InputError, io: Io): number {
  const shown = err.problems.slice(0, MAX_PROBLEMS_SHOWN);
  for (const p of shown) io.stderr.write(`${formatProblem(p)}\n`);
  const rest = err.problems.length - shown.length;
  if (rest > 0) io.stderr.write(`… and ${rest} more problems\n`);
  io.stderr.write('psp-migrate: nothing was written.\n');
  return EXIT_INPUT_ERROR;
}

export async function loadInventory(opts: InputOptions, io: Io): Promise<Inventory> {
  let filenames = opts.filenames;
  if (filenames.length === 0) {
    if (io.stdinIsTTY) {
      throw new InputError({ message: 'no input', hint: 'give -f FILE|DIR (repeatable), or pipe a dump in: kubectl get psp,clusterrole,clusterrolebinding,role,rolebinding,ns,sa,pods -A -o yaml | psp-migrate convert' });
    }
    filenames = ['-'];
  }
  const builder = new InventoryBuilder();
  const progress = io.progress ? progressLine(io) : undefined;
  let sources: string[];
  try {
    sources = await streamInputs({ filenames, cwd: io.cwd, readStdin: io.readStdin, ...(progress ? { onProgress: progress.update } : {}) }, builder);
  } finally {
    progress?.done();
  }
  if (builder.problems.length > 0) throw new InputError(builder.problems);
  builder.inventory.sources = sources;
  return builder.inventory;
}

/** After the first second or so, a line on stderr saying how far reading has got; rewritten in place, cleared at the end. */
function progressLine(io: Io): { update: (bytesRead: number, size: number | undefined, name: string) => void; done: () => void } {
  const started = Date.now();
  let shownAt = 0;
  let shown = false;
  const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
  return {
    update: (bytesRead, size, name) => {
      const now = Date.now();
      if (now - started < 1500 || now - shownAt < 250) return;
      shownAt = now;
      shown = true;
      const of = size ? ` of ${mb(size)} (${Math.floor((100 * bytesRead) / size)}%)` : '';
      io.stderr.write(`\r\x1b[Kpsp-migrate: reading ${name}: ${mb(bytesRead)}${of}`);
    },
    done: () => {
      if (shown) io.stderr.write('\r\x1b[K');
    },
  };
}

export interface CheckCommandOptions extends InputOptions {
  level?: Level;
  pssVersion: Version;
  output: 'text' | 'json';
}

/** `psp-migrate check`: exit 1 when any object violates its level. */
export async function runCheck(opts: CheckCommandOptions, io: Io): Promise<number> {
  const inv = await loadInventory(opts, io);
  const results = checkInventory(inv, { ...(opts.level ? { level: opts.level } : {}), version: opts.pssVersion });
  io.stdout.write(opts.output === 'json' ? formatCheckJson(results) : formatCheckText(results));
  io.stderr.write(results.length === 0 ? 'psp-migrate check: the input has no pods or workload templates to check\n' : checkSummary(results));
  return results.some((r) => !r.allowed) ? EXIT_FINDINGS : EXIT_OK;
}

/** collectGarbage collects only when the heap holds this much (live or not). */
const COLLECT_ABOVE_BYTES = 256 * 1024 * 1024;

/**
 * A full garbage collection, between the phases of a run: V8 lets
 * garbage grow (by up to HEAP_GROWING_PERCENT past the live heap) before collecting it, and
 * what a phase leaves behind (the inventory, the plan, the report once the
 * bundle's files are made) would count in the peak memory of the next.
 * Node exposes `gc` only with a flag; the flag can be set at run time and the
 * function taken from a new context. A small heap is not collected (a
 * 30,000-pod run's heap stays near 100 MB).
 */
export function collectGarbage(): void {
  // Below this, what a collection would free does not matter to the peak, and it would cost a few tens of ms.
  if (v8.getHeapStatistics().used_heap_size < COLLECT_ABOVE_BYTES) return;
  if (!gcFunction) {
    v8.setFlagsFromString('--expose-gc');
    gcFunction = vm.runInNewContext('gc') as () => void;
  }
  gcFunction();
}

let gcFunction: (() => void) | undefined;

/**
 * How far V8 lets the heap grow past what its last full collection kept,
 * in percent. V8 chooses up to 300% for a program that collects quickly,
 * which is what lets a large run's garbage (the report's strings as they are
 * built, a phase's leftovers) pile up to a gigabyte at 150,000 pods; at 40%,
 * the peak is 670 MB, and the 30,000-pod run is as fast (measured with
 * `npm run bench`; see the README).
 */
const HEAP_GROWING_PERCENT = 40;

/** For the command-line program, set before the input is read (it changes the process's V8 settings). */
export function limitHeapGrowth(): void {
  try {
    v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  } catch {
    // A Node.js whose V8 refuses flags once started: only the peak memory is larger.
  }
}
