/**
 * The worker thread of src/output/render.ts: writes manifests as YAML.
 */
import { parentPort } from 'node:worker_threads';
import { toYaml } from '../generate/manifests.js';
import type { Manifest } from '../generate/manifests.js';

parentPort!.on('message', (manifests: Manifest[]) => {
  parentPort!.postMessage(manifests.map(toYaml));
});
