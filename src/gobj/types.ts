/**
 * Type helpers that read a gclass's descriptor (declared `as const`) from a gobj type,
 * so `sendEvent(timer, 'EV_TYPO')` does not compile. Untyped gclasses accept any string.
 */
import type { EventNames, FsmDescriptor, StateNames } from '../fsm/descriptor.js';

/** The event names a gobj of type `G` declares (`string` for an untyped gclass). */
export type EventNameOf<G> = G extends { readonly fsmType?: infer F extends FsmDescriptor }
  ? EventNames<F>
  : string;

/** The state names a gobj of type `G` declares (`string` for an untyped gclass). */
export type StateNameOf<G> = G extends { readonly fsmType?: infer F extends FsmDescriptor }
  ? StateNames<F>
  : string;
