// A worker thread of `triage trace --bundle` (bundle-lists.ts): the bundle's pods, then its
// events, parsed and cut to what the trace reads. Its own entry in the built CLI, so it loads
// the bundle reader only. A file it does not read as it is answers nothing: the main thread
// reads it again and reports what is wrong with it.
import { parentPort, workerData } from 'node:worker_threads';
import { readTraceEvents, readTracePods, type TraceListFiles, type WorkerReply } from './bundle-lists';

const files = workerData as TraceListFiles;
const answer = (reply: WorkerReply) => parentPort!.postMessage(reply);
answer({ part: 'pods', ...(files.pods ? { pods: readTracePods(files.pods) } : {}) });
answer({ part: 'events', ...(files.events ? { events: readTraceEvents(files.events) } : {}) });
