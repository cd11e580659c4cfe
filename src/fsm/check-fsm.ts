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

/** Returns `fsm` unchanged; a table naming undeclared states or events does not compile. */
export function checkFsm<const F extends FsmDescriptor>(
  fsm: F & { readonly machine: CheckedMachine<F> },
): F {
  return fsm;
}
