/**
 * Coercion of a parameter value to its template type. Values from ini files arrive as
 * strings ("true", "8000", "a, b c"), values from code arrive typed; both end up as
 * the type the template declares. A value that cannot be coerced throws a
 * {@link CoercionError} saying what was expected.
 */
import { GConfigValidateError } from '../errors.js';
import { describeValue } from '../util/describe-value.js';
import type { GConfigType } from './template.js';

/** @internal A value that does not fit its type; `expected` completes the message. */
export class CoercionError extends Error {
  readonly expected: string;
  constructor(expected: string) {
    super(`expected ${expected}`);
    this.expected = expected;
  }
}

const TRUE_WORDS = new Set(['t', 'true', 'y', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['f', 'false', 'n', 'no', 'off', '0', '']);
const INTEGER = /^[+-]?\d+$/;

/**
 * ginsfsm's `asbool`, strict: `true/false, yes/no, on/off, t/f, y/n, 1/0` (any case),
 * booleans, 0, 1, null → false; anything else throws `GConfigValidateError`
 * (`GCONFIG_INVALID_VALUE`) instead of meaning `false`.
 */
export function asBool(value: unknown): boolean {
  try {
    return toBool(value);
  } catch (error) {
    throw new GConfigValidateError(
      'GCONFIG_INVALID_VALUE',
      `asBool got ${describeValue(value)}, expected ${(error as CoercionError).expected}`,
    );
  }
}

function toBool(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  throw new CoercionError('a boolean, 0, 1, or one of true/false, yes/no, on/off, t/f, y/n');
}

function asInt(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && INTEGER.test(value.trim())) {
    const parsed = Number(value.trim());
    if (Number.isSafeInteger(parsed)) return parsed;
  }
  throw new CoercionError('an integer or a string of decimal digits');
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function asFloat(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && DECIMAL.test(value.trim())) {
    const parsed = Number(value.trim());
    if (Number.isFinite(parsed)) return parsed;
  }
  throw new CoercionError('a finite number or a decimal string');
}

function asStr(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  throw new CoercionError('a string, a number, a boolean or null');
}

function asList(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return value.replace(/,/g, ' ').split(/\s+/).filter(Boolean);
  if (Array.isArray(value)) return [...(value as unknown[])];
  if (typeof value === 'object' && Symbol.iterator in value) {
    return Array.from(value as Iterable<unknown>);
  }
  return [value];
}

function asDict(value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (value instanceof Map) return Object.fromEntries(value as Map<string, unknown>);
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        return parsed as Record<string, unknown>;
      }
    } catch {
      // fall through to the error below
    }
  } else if (typeof value === 'object' && !Array.isArray(value)) {
    return { ...(value as Record<string, unknown>) };
  }
  throw new CoercionError('an object, a Map, or a JSON object string');
}

function asBytes(value: unknown): Uint8Array | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') {
    const bytes = new Uint8Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code > 255) throw new CoercionError('bytes, or a string of latin-1 characters');
      bytes[i] = code;
    }
    return bytes;
  }
  if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    return Uint8Array.from(value as number[]);
  }
  throw new CoercionError('bytes (Uint8Array), a latin-1 string or an array of byte values');
}

const COERCERS: Record<GConfigType, (value: unknown) => unknown> = {
  str: asStr,
  int: asInt,
  float: asFloat,
  bool: toBool,
  list: asList,
  tuple: (value) => Object.freeze(asList(value)),
  dict: asDict,
  bytes: asBytes,
  any: (value) => value,
};

/** @internal Coerces `value` to `type`; throws {@link CoercionError}. */
export function coerce(type: GConfigType, value: unknown): unknown {
  return COERCERS[type](value);
}
