/**
 * Worker threads (issue 8): a large cluster's dump is parsed, and its bundle
 * written, on both cores of a small machine. Each worker is an accelerator
 * only: should it fail, the main thread does its work, with the same result.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** From this size on, a file's List items are parsed on a worker thread as well (src/input/stream.ts, StreamReadOptions.parallel). */
export const PARALLEL_MIN_BYTES = 16 << 20;

/** Whether a second core is there to use. */
export function haveSpareCore(): boolean {
  return availableParallelism() > 1;
}

/** Whether a file of this size has its List items parsed on a worker thread as well (the reader and the head start decide alike). */
export function wantsParseWorker(size: number | undefined): boolean {
  return size !== undefined && size >= PARALLEL_MIN_BYTES && haveSpareCore();
}

/**
 * Starts the worker module `name` (a path without extension, relative to the
 * module at `from`, its import.meta.url). From the TypeScript sources (the tests), the
 * worker runs them through tsx, as the tests do (test/worker-from-source.mjs).
 * Callers must stop it (terminate) when done: its message listeners keep
 * the process alive.
 */
export function startWorker(name: string, from: string): Worker {
  const here = new URL(from);
  const worker = here.pathname.endsWith('.ts')
    ? new Worker(new URL('../test/worker-from-source.mjs', import.meta.url), { workerData: { entry: new URL(`./${name}.ts`, here).href } })
    : new Worker(new URL(`./${name}.js`, here));
  worker.unref();
  return worker;
}

/** Settles when the worker has stopped, failed, or sent a message that cannot be read. */
export function whenStopped(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    // (Listening, not once: an 'error' without a listener would throw.)
    for (const event of ['error', 'messageerror', 'exit']) worker.on(event, () => resolve());
  });
}

/** A parse worker started before the program's modules were loaded, until the reader takes it. */
let prestarted: { worker: Worker; stopped: boolean } | undefined;

/** The files a command line names with -f / --filename (directories and stdin are left out). */
function namedFiles(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '-f' || a === '--filename') out.push(argv[++i] ?? '');
    else if (a.startsWith('--filename=')) out.push(a.slice('--filename='.length));
    else if (a.startsWith('-f') && !a.startsWith('--')) out.push(a.slice(2).replace(/^=/, ''));
  }
  return out.filter((f) => f !== '' && f !== '-');
}

/**
 * Starts the parse worker of src/input/parallel.ts at once, when the command
 * line names a file as large as the reader would start it for: the worker
 * then loads its modules while the main thread loads its own (a quarter of a
 * second on a 2-core machine), instead of after. Only a head start, decided
 * from the arguments alone: the reader takes this worker if it wants one
 * (takePrestartedWorker) and starts its own otherwise; an unused worker does
 * not keep the process alive. Returns the worker it started.
 */
export function prestartParseWorker(argv: readonly string[]): Worker | undefined {
  if (prestarted) return undefined;
  const large = namedFiles(argv).some((file) => {
    try {
      return wantsParseWorker(statSync(file).size);
    } catch {
      return false; // (the reader says what is wrong with it)
    }
  });
  if (!large) return undefined;
  try {
    const worker = startWorker('input/parse-worker', import.meta.url);
    const entry = { worker, stopped: false };
    // (Listening, so that a failure before the reader takes the worker is not an uncaught error.)
    void whenStopped(worker).then(() => {
      entry.stopped = true;
    });
    prestarted = entry;
    return worker;
  } catch {
    return undefined; // the reader starts its own, or parses alone
  }
}

/** The worker prestartParseWorker started, if it is still running; it is the caller's from then on. */
export function takePrestartedWorker(): Worker | undefined {
  const entry = prestarted;
  prestarted = undefined;
  return entry && !entry.stopped ? entry.worker : undefined;
}
