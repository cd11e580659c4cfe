/**
 * The control messages between a worker host and the gaplic it runs, beside the wire
 * batches on the same channel: the worker says it is ready (or why it failed), the host
 * asks it to stop and it says when it has.
 */

/** Worker → host. */
export type WorkerReport =
  | { readonly t: 'ready'; readonly name: string; readonly roles: readonly string[] }
  | { readonly t: 'failed'; readonly code: string; readonly message: string }
  | { readonly t: 'stopped' };

/** Host → worker. */
export type HostCommand = { readonly t: 'stop' };

/** The report in `message`, or `undefined` when it is not one. */
export function asReport(message: unknown): WorkerReport | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const t = (message as { t?: unknown }).t;
  return t === 'ready' || t === 'failed' || t === 'stopped' ? (message as WorkerReport) : undefined;
}

/** True when `message` asks the worker to stop. */
export function isStop(message: unknown): boolean {
  return (
    typeof message === 'object' && message !== null && (message as { t?: unknown }).t === 'stop'
  );
}
