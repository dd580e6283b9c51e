// Entry of every worker thread: registers tsx inside the worker (worker threads do not inherit the
// parent's loader), then imports the TypeScript module named in workerData.module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
