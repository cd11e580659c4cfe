/**
 * Host services the isomorphic core takes from `globalThis` (Node and browsers both have
 * them), typed here because the core compiles without DOM or Node typings.
 */
interface HostServices {
  queueMicrotask(callback: () => void): void;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
}

const host = globalThis as unknown as HostServices;

/** Runs `callback` after the current task, before any timer or I/O. */
export function queueMicrotask(callback: () => void): void {
  host.queueMicrotask(callback);
}

/** Fills `bytes` with random values. */
export function randomBytes(bytes: Uint8Array): Uint8Array {
  return host.crypto.getRandomValues(bytes);
}

/** Calls `callback` in `ms` milliseconds, outside any gaplic (transport housekeeping). */
export function setHostTimeout(callback: () => void, ms: number): unknown {
  return host.setTimeout(callback, ms);
}

/** Cancels a `setHostTimeout`. */
export function clearHostTimeout(handle: unknown): void {
  host.clearTimeout(handle);
}
