/**
 * The workers of this process (gaplics in worker threads and child processes), as the
 * globals see them: what `shutdown()` stops, and who is told when the main gaplic is set
 * (a worker may be started before or after it).
 */
import type { GAplic } from './gaplic.js';

/** What `shutdown()` needs of a worker. */
export interface StoppableWorker {
  readonly name: string;
  stop(): Promise<void>;
}

const workers = new Set<StoppableWorker>();
const mainListeners = new Set<(main: GAplic) => void>();

/** @internal */
export function addWorker(worker: StoppableWorker): void {
  workers.add(worker);
}

/** @internal */
export function removeWorker(worker: StoppableWorker): void {
  workers.delete(worker);
}

/** @internal The registered workers. */
export function listWorkers(): StoppableWorker[] {
  return [...workers];
}

/** @internal Calls `listener` each time a main gaplic is set. Returns the unsubscriber. */
export function onMainGAplic(listener: (main: GAplic) => void): () => void {
  mainListeners.add(listener);
  return () => mainListeners.delete(listener);
}

/** @internal */
export function notifyMainGAplic(main: GAplic): void {
  for (const listener of [...mainListeners]) listener(main);
}

/** @internal Forgets every worker and listener (test isolation). */
export function clearWorkers(): void {
  workers.clear();
  mainListeners.clear();
}
