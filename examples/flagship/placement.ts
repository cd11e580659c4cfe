/**
 * Where the calling gaplic runs, as it reports itself to the others: a worker thread, a
 * child process (gserve forks it with an IPC channel), or gserve's own main thread.
 */
import { isMainThread, threadId } from 'node:worker_threads';
import type { Placement } from './messages.js';

export function whereAmI(): Placement {
  if (!isMainThread) return { placement: 'thread', id: threadId };
  return { placement: process.send === undefined ? 'main' : 'process', id: process.pid };
}
