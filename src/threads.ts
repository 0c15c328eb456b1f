/**
 * Worker threads (issue 8): a large cluster's dump is parsed, and its bundle
 * written, on both cores of a small machine. Each worker is an accelerator
 * only: should it fail, the main thread does its work, with the same result.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Whether a second core is there to use. */
export function haveSpareCore(): boolean {
  return availableParallelism() > 1;
}

/**
 * Starts the worker module `name` (without extension) beside the module at
 * `from` (its import.meta.url). From the TypeScript sources (the tests), the
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
