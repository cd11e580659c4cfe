/**
 * Type-level view of a template declared `as const`: the TypeScript type of each
 * parameter's value (`int` → number, `str` → string | null, `any` → its default's type).
 */
import type { GConfigEntry, GConfigTemplate } from './template.js';

interface TypeOfGConfigType {
  str: string | null;
  int: number;
  float: number;
  bool: boolean;
  list: unknown[];
  tuple: readonly unknown[];
  dict: Record<string, unknown>;
  bytes: Uint8Array | null;
}

/** The value type of one entry. */
export type GConfigValue<E extends GConfigEntry> = E['type'] extends keyof TypeOfGConfigType
  ? TypeOfGConfigType[E['type']]
  : E['default'];

type IsDirect<E> = E extends { readonly flag: infer N } ? (N extends 0 ? false : true) : false;

/** The `config` object of a template: every parameter that is not a direct property. */
export type GConfigValues<C extends GConfigTemplate> = {
  -readonly [K in keyof C as IsDirect<C[K]> extends true ? never : K]: GConfigValue<C[K]>;
};
