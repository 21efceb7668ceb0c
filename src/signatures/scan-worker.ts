// A scan worker thread (parallel.ts): one byte range of a large file, answered as plain
// data. Its own entry in the bundle, so a worker loads the matcher and the reader only.
// It may start before its job exists (the library still loading): the job comes as a message.
import { parentPort } from 'node:worker_threads';
import { useLinearRegexFallback } from '../pattern/linear-engine';
import { LineMatcher } from './matcher';
import { rangeResult, type RangeJob } from './parallel';
import { scanFileRange } from './read';

useLinearRegexFallback();
parentPort!.once('message', (job: RangeJob) => {
  const matcher = new LineMatcher(job.spec, job.tables);
  const state = matcher.begin(job.source, job.kinds);
  scanFileRange(matcher, state, job.path, job.start, job.end);
  parentPort!.postMessage(rangeResult(state));
});
