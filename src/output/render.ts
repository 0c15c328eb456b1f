/**
 * The YAML of a bundle's manifests, written on a worker thread while the main
 * thread renders the report (issue 8): a large cluster's bundle has tens of
 * thousands of manifests. When the main thread is done with the report, it
 * writes the manifests the worker has not started: both take chunks of the
 * list from a shared counter. toYaml is a pure function of the manifest, and
 * the manifests are plain data, so the worker's text is the main thread's,
 * whoever writes which chunk; should the worker fail, the main thread writes
 * what is missing.
 */
import type { Manifest } from '../generate/manifests.js';
import { toYaml } from '../generate/manifests.js';
import type { Worker } from 'node:worker_threads';
import { haveSpareCore, startWorker, whenStopped } from '../threads.js';

/** Manifests per chunk: small enough that the two threads finish close together. */
export const RENDER_CHUNK = 64;

/** What the worker sends: a chunk's texts, or that it took the last chunk. */
export type RenderAnswer = { chunk: number; texts: string[] } | { done: true };

/** Chunks written by a worker and by the main thread in this process (tests check that each really ran). */
export const renderStats = { byWorker: 0, here: 0 };

/**
 * Writes manifests as YAML, on a worker thread when started with `worker`:
 * start it early (it loads its modules while the plan is made), then call
 * `render` once.
 */
export class ManifestRenderer {
  private readonly thread: Worker | undefined;
  /** Settles when the worker has stopped or failed. */
  private readonly gone: Promise<undefined> | undefined;
  /** After `render`: settles when the worker has taken its last chunk (true), or is gone (false). */
  workerFinished: Promise<boolean> = Promise.resolve(false);

  constructor(worker: boolean) {
    let thread: Worker | undefined;
    try {
      thread = worker ? startWorker('render-worker', import.meta.url) : undefined;
    } catch {
      thread = undefined; // (written here instead)
    }
    this.thread = thread;
    this.gone = thread && whenStopped(thread).then(() => undefined);
  }

  /**
   * Starts writing; the returned function writes, on this thread, the chunks
   * the worker has not taken, and gives the YAML of each manifest, in order.
   */
  render(manifests: readonly Manifest[]): () => Promise<string[]> {
    const thread = this.thread;
    if (!thread) return async () => manifests.map(toYaml);
    const texts: (string | undefined)[] = new Array(manifests.length);
    const chunks = Math.ceil(manifests.length / RENDER_CHUNK);
    const next = new Int32Array(new SharedArrayBuffer(4));
    const writeChunk = (chunk: number) => {
      const start = chunk * RENDER_CHUNK;
      const end = Math.min(start + RENDER_CHUNK, manifests.length);
      for (let i = start; i < end; i++) texts[i] = toYaml(manifests[i]!);
    };
    const finished = new Promise<boolean>((resolve) => {
      thread.on('message', (answer: RenderAnswer) => {
        if ('done' in answer) return resolve(true);
        renderStats.byWorker++;
        const start = answer.chunk * RENDER_CHUNK;
        answer.texts.forEach((t, i) => (texts[start + i] = t));
      });
    });
    this.workerFinished = Promise.race([finished, this.gone!.then(() => false)]);
    thread.postMessage({ manifests, next });
    return async () => {
      try {
        for (let chunk = Atomics.add(next, 0, 1); chunk < chunks; chunk = Atomics.add(next, 0, 1)) {
          writeChunk(chunk);
          renderStats.here++;
        }
        // Messages arrive in order: once the worker says it is done, every chunk it took is here.
        await this.workerFinished;
      } finally {
        await this.close(); // (also when writing here failed: its thread would keep the process alive)
      }
      // A worker that failed may have taken a chunk it never sent.
      for (let i = 0; i < texts.length; i++) texts[i] ??= toYaml(manifests[i]!);
      return texts as string[];
    };
  }

  /** Stops the worker (when nothing is rendered after all). */
  async close(): Promise<void> {
    await this.thread?.terminate();
  }
}

/**
 * Whether a run writes its manifests on a worker thread: from 10,000 pods and
 * workload objects, for clusters of up to 2,000 namespaces. Above that, the
 * worker's copy of the manifests and their text would add to the run's peak
 * memory (the bundle is then tens of thousands of files), which matters more
 * there than the second or so it saves.
 */
export function renderInWorker(podsAndWorkloads: number, namespaces: number): boolean {
  return podsAndWorkloads >= 10_000 && namespaces <= 2000 && haveSpareCore();
}
