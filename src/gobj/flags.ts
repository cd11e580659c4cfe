/**
 * The bits of a gobj's `[kFlags]` (bit 0 is the machine's `TRACE_MACH`) and the rarely
 * used state kept apart in `[kRare]`. A field each would cost 8 bytes of every gobj; a
 * timer child, of which an application may hold a hundred thousand, has no use for them.
 */
import { kFlags, kRare } from '../symbols.js';

/** Destroyed (read on every delivery: tested directly on `[kFlags]` there). */
export const DESTROYED = 2;
/** `createGObj` has finished (writes of name/uniqueName re-register after it). */
export const CREATED = 4;
/** The `uniqueName` parameter. */
export const UNIQUE_NAME = 8;
/** The `traceCreation` parameter. */
export const TRACE_CREATION = 16;
/** `[kConfig]` is the gobj's own object (not its gclass's shared defaults). */
export const OWN_CONFIG = 32;

/**
 * @internal True once destroyed: a load of an own field, where `gobj[kDestroyed]` (an
 * accessor) is a call at a site that sees many gclasses.
 */
export function isDestroyed(gobj: { [kFlags]: number }): boolean {
  return (gobj[kFlags] & DESTROYED) !== 0;
}

/** @internal True when `gobj[kConfig]` is its own config (not the shared defaults). */
export function ownsConfig(gobj: { [kFlags]: number }): boolean {
  return (gobj[kFlags] & OWN_CONFIG) !== 0;
}

/** @internal Sets or clears `bit` of `target[kFlags]`. */
export function setFlag(target: { [kFlags]: number }, bit: number, on: boolean): void {
  target[kFlags] = on ? target[kFlags] | bit : target[kFlags] & ~bit;
}

/** @internal What few gobjs have, allocated on first need. */
export interface RareState {
  /** The compiled `reName` pattern. */
  reName: RegExp | null;
  /** The name under which it is registered as unique. */
  registeredName: string | null;
  /** The part of a name its `reName` matched in the last `getChild()`. */
  reMatchedName: string | null;
}

/**
 * @internal Sets one rare value of `gobj`, making its RareState on the first value that
 * is not null (clearing a value it never had makes nothing).
 */
export function setRare<K extends keyof RareState>(
  gobj: { [kRare]: RareState | null },
  key: K,
  value: RareState[K],
): void {
  if (value === null && gobj[kRare] === null) return;
  (gobj[kRare] ??= { reName: null, registeredName: null, reMatchedName: null })[key] = value;
}
