/**
 * The worker thread of src/input/parallel.ts: parses and summarizes batches
 * of List items, and answers each batch in turn.
 */
import { parentPort } from 'node:worker_threads';
import { answer } from './parallel.js';
import type { BatchRequest, SummaryIds } from './parallel.js';

const ids: SummaryIds = new Map();
parentPort!.on('message', (req: BatchRequest) => {
  parentPort!.postMessage(answer(req, ids));
});
