// Runs a worker thread written in TypeScript straight from the sources, as
// the tests run everything else: tsx's loader first, then the module named in
// workerData.entry. (The built package runs the compiled worker instead.)
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
