/**
 * The worker thread of src/output/render.ts: writes manifests as YAML, a
 * chunk at a time, taking chunks from the counter it shares with the main
 * thread.
 */
import { parentPort } from 'node:worker_threads';
import { toYaml } from '../generate/manifests.js';
import type { Manifest } from '../generate/manifests.js';
import { RENDER_CHUNK } from './render.js';
import type { RenderAnswer } from './render.js';

parentPort!.on('message', ({ manifests, next }: { manifests: Manifest[]; next: Int32Array }) => {
  const chunks = Math.ceil(manifests.length / RENDER_CHUNK);
  for (let chunk = Atomics.add(next, 0, 1); chunk < chunks; chunk = Atomics.add(next, 0, 1)) {
    const answer: RenderAnswer = { chunk, texts: manifests.slice(chunk * RENDER_CHUNK, (chunk + 1) * RENDER_CHUNK).map(toYaml) };
    parentPort!.postMessage(answer);
  }
  parentPort!.postMessage({ done: true } satisfies RenderAnswer);
});
