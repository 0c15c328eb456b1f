// `npm run bench`: every benchmark of the project, one after the other, each printing its numbers.
// Speed and memory are measured here, never asserted in the unit tests.
// BENCH_LIMITS=none skips the hostile inputs of scripts/bench-limits.ts (they take a few minutes).
import { main as benchConvert } from './bench-convert.js';
import { main as benchLimits } from './bench-limits.js';
import { main as benchPss } from './bench-pss.js';

benchPss();
await benchConvert();
if (process.env.BENCH_LIMITS !== 'none') await benchLimits();
