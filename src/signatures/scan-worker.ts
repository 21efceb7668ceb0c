// A scan worker thread (parallel.ts): one byte range of a large file, answered as plain
// data. Its own entry in the bundle, so a worker loads the matcher and the reader only.
// The regex flags are set before the matcher's modules are evaluated (they make regexes).
import { parentPort, workerData } from 'node:worker_threads';
import { useLinearRegexFallback } from '../pattern/linear-engine';
import type { RangeJob } from './parallel';

useLinearRegexFallback();
const [{ LineMatcher }, { rangeResult }, { scanFileRange }] = await Promise.all([import('./matcher'), import('./parallel'), import('./read')]);
const job = workerData as RangeJob;
const matcher = new LineMatcher(job.spec, job.prefilters);
const state = matcher.begin(job.source, job.kinds);
scanFileRange(matcher, state, job.path, job.start, job.end);
parentPort!.postMessage(rangeResult(state));
