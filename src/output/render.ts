/**
 * The YAML of a bundle's manifests, written on a worker thread while the main
 * thread renders the report (issue 8): a large cluster's bundle has tens of
 * thousands of manifests. toYaml is a pure function of the manifest, and the
 * manifests are plain data, so the worker's text is the main thread's; should
 * the worker fail, the main thread writes them.
 */
import type { Manifest } from '../generate/manifests.js';
import { toYaml } from '../generate/manifests.js';
import type { Worker } from 'node:worker_threads';
import { haveSpareCore, startWorker, whenStopped } from '../threads.js';

/** Manifest lists written by a worker in this process (tests check that the worker really ran). */
export const renderStats = { byWorker: 0 };

/**
 * Writes manifests as YAML, on a worker thread when started with `worker`:
 * start it early (it loads its modules while the plan is made), then call
 * `render` once.
 */
export class ManifestRenderer {
  private readonly thread: Worker | undefined;
  /** Settles when the worker has stopped or failed. */
  private readonly gone: Promise<undefined> | undefined;

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

  /** Starts writing; the returned function gives the YAML of each manifest, in order. */
  render(manifests: readonly Manifest[]): () => Promise<string[]> {
    const thread = this.thread;
    if (!thread) return async () => manifests.map(toYaml);
    const answered = new Promise<string[]>((resolve) => {
      thread.once('message', (texts: string[]) => {
        renderStats.byWorker++;
        resolve(texts);
      });
    });
    const done = Promise.race([answered, this.gone!]);
    thread.postMessage(manifests);
    return async () => {
      const texts = await done;
      await this.close();
      return texts ?? manifests.map(toYaml);
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
