// `npm run bench`: every benchmark of the project, one after the other, each printing its numbers.
// Speed and memory are measured here, never asserted in the unit tests.
import { main as benchConvert } from './bench-convert.js';
import { main as benchPss } from './bench-pss.js';

benchPss();
await benchConvert();
