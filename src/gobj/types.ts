/**
 * Type helpers that read a gclass's descriptor (declared `as const`), its gconfig
 * template and its per-event kw map from a gobj type, so `sendEvent(timer, 'EV_TYPO')`,
 * `broadcastEvent('EV_INPUT_ONLY')` and `createGObj('x', Lamp, p, { perod: 1 })` do not
 * compile. Untyped gclasses accept any string and any kw.
 */
import type { EventNames, FsmShape, StateNames } from '../fsm/descriptor.js';
import type { GOBJ_GCONFIG } from '../gconfig/common.js';
import type { GConfigEntry, GConfigTemplate } from '../gconfig/template.js';
import type { GConfigValue } from '../gconfig/values.js';
import type { Kw } from './gevent.js';

/** Flattens an intersection so editors show a plain `{ name: type }` object. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** Per event name, the type of its kw (the third type parameter of `GObj`). */
export type EventKwMap = { readonly [event: string]: Kw };

/** The event names a gobj of type `G` declares (`string` for an untyped gclass). */
export type EventNameOf<G> = G extends { readonly fsmType?: infer F extends FsmShape }
  ? EventNames<F>
  : string;

/** The state names a gobj of type `G` declares (`string` for an untyped gclass). */
export type StateNameOf<G> = G extends { readonly fsmType?: infer F extends FsmShape }
  ? StateNames<F>
  : string;

type Trim<S extends string> = S extends ` ${infer R}`
  ? Trim<R>
  : S extends `${infer R} `
    ? Trim<R>
    : S;

/** The output events of a descriptor declared `as const` (`string` when untyped). */
export type OutputEventNames<F extends FsmShape> = F['eventList'][number] extends infer E extends
  string
  ? string extends E
    ? string
    : E extends `${infer N}:${infer A}`
      ? A extends `${string}output${string}`
        ? Trim<N>
        : never
      : never
  : never;

/** The kw of event `N` for a gobj of type `G` (a plain `Kw` unless its gclass types it). */
export type KwOf<G, N> = G extends { readonly eventKwType?: infer M }
  ? N extends keyof M
    ? M[N]
    : Kw
  : Kw;

/**
 * What `createGObj` and `writeParameters` accept for a template `C`: its parameters, all
 * optional, each of its type or a string to coerce (as an ini value is). A misspelt
 * name does not compile.
 */
export type GConfigInput<C extends GConfigTemplate> = string extends keyof C
  ? Kw
  : { [K in keyof C]?: C[K] extends GConfigEntry ? GConfigValue<C[K]> | string : never };

/** The kw `createGObj` accepts for a gobj of type `G`: its parameters, all optional. */
export type CreateKw<G> = G extends { readonly gconfigType?: infer C extends GConfigTemplate }
  ? GConfigInput<C & typeof GOBJ_GCONFIG>
  : Kw;

/** The first parameter of each action of descriptor `F` that a gobj `G` is not. */
type ForeignActionGObjs<F, G> = F extends { readonly machine: infer M }
  ? {
      [S in keyof M]: M[S] extends readonly (infer R)[]
        ? R extends readonly [unknown, infer A, unknown]
          ? A extends (gobj: infer P, ...rest: never[]) => unknown
            ? [P] extends [never]
              ? never
              : G extends P
                ? never
                : P
            : never
          : never
        : never;
    }[keyof M]
  : never;

/**
 * `unknown` when every action of `G`'s descriptor accepts a `G` as its gobj; otherwise
 * an object type whose one property names the problem (a readable compile error).
 */
export type ActionsAccept<G> = G extends { readonly fsmType?: infer F }
  ? [ForeignActionGObjs<F, G>] extends [never]
    ? unknown
    : {
        readonly 'an action of this gclass expects another gclass as its gobj': ForeignActionGObjs<
          F,
          G
        >;
      }
  : unknown;
