// A scan worker thread (parallel.ts): one byte range of a large file, answered as plain
// data. Its own entry in the bundle, so a worker loads the matcher and the reader only.
// The regex flags are set before the matcher's modules are evaluated (they make regexes).
// It may start before its job exists (the library still loading): the job comes as a message.
import { parentPort } from 'node:worker_threads';
import { useLinearRegexFallback } from '../pattern/linear-engine';
import type { RangeJob } from './parallel';

useLinearRegexFallback();
const modules = Promise.all([import('./matcher'), import('./parallel'), import('./read')]);
// Listening at once: the job may arrive while the modules still load.
parentPort!.once('message', (job: RangeJob) => {
  void modules.then(([{ LineMatcher }, { rangeResult }, { scanFileRange }]) => {
    const matcher = new LineMatcher(job.spec, job.tables);
    const state = matcher.begin(job.source, job.kinds);
    scanFileRange(matcher, state, job.path, job.start, job.end);
    parentPort!.postMessage(rangeResult(state));
  });
});
