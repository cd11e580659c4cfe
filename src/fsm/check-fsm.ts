/**
 * `checkFsm`: an identity function that checks a descriptor's table at compile time:
 * every machine key is a declared state, every row names a declared event and a
 * declared next state (or null). The same checks run again at run time when the gclass
 * is first instantiated; this only moves the error to the editor.
 *
 * Use it where the gclass assigns its descriptor, so actions may name the gclass type
 * without a circular inference:
 *
 * ```ts
 * const fsm = { eventList: [...], stateList: [...], machine: {...} } as const;
 * class Worker extends GObj<typeof fsm> {
 *   static override fsm = checkFsm(fsm);
 * }
 * ```
 */
import type { Action, EventNames, FsmDescriptor, StateNames } from './descriptor.js';

/** The machine of `F` with every row checked against `F`'s own event and state lists. */
export type CheckedMachine<F extends FsmDescriptor> = {
  readonly [S in keyof F['machine']]: S extends StateNames<F>
    ? readonly (readonly [EventNames<F>, Action | null, StateNames<F> | null])[]
    : never;
};

/** The one readable error of a descriptor that is not declared `as const`. */
export interface NotAsConst {
  readonly 'the FSM descriptor must be declared `as const`': true;
}

/** What `checkFsm` requires of `F`: a checked table, or (not `as const`) the readable error. */
export type FsmCheck<F> = F extends FsmDescriptor
  ? { readonly machine: CheckedMachine<F> }
  : NotAsConst;

/**
 * Returns `fsm` unchanged; a table naming undeclared states or events does not compile,
 * and a descriptor not declared `as const` gives one error saying so.
 */
export function checkFsm<const F>(
  fsm: F & FsmCheck<F>,
): F extends FsmDescriptor ? F : FsmDescriptor {
  return fsm as unknown as F extends FsmDescriptor ? F : FsmDescriptor;
}
