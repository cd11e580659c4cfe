/**
 * The one mechanism behind the framework's argument and option checks: an `Expect` is a
 * predicate with the words for what it expects, and the two checkers throw the coded
 * error with a message naming the argument or option, the value received (with its
 * type) and what was expected. Every public function checks its arguments with these.
 */
import { codedError, type ErrorCode } from '../errors.js';
import { describeValue } from './describe-value.js';
import { isPlainObject } from './is-plain-object.js';

/** What a value must be: a predicate and its description ("a string"). */
export interface Expect {
  readonly test: (value: unknown) => boolean;
  readonly expected: string;
}

function expect(expected: string, test: (value: unknown) => boolean): Expect {
  return { test, expected };
}

export const aString = expect('a string', (v) => typeof v === 'string');
export const aNonEmptyString = expect(
  'a non-empty string',
  (v) => typeof v === 'string' && v !== '',
);
export const aBoolean = expect('a boolean', (v) => typeof v === 'boolean');
export const aFunction = expect('a function', (v) => typeof v === 'function');
export const aPlainObject = expect('a plain object', isPlainObject);
export const aPositiveInteger = expect(
  'an integer >= 1',
  (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1,
);
export const aDuration = expect(
  'a finite number of seconds >= 0',
  (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
);

/** `inner`, or `undefined`. */
export function optional(inner: Expect): Expect {
  return expect(`${inner.expected} or undefined`, (v) => v === undefined || inner.test(v));
}

/** `inner`, or `null`. */
export function nullable(inner: Expect): Expect {
  return expect(`${inner.expected} or null`, (v) => v === null || inner.test(v));
}

/** An instance of `Class` (named in the message). */
export function anInstanceOf(Class: abstract new (...args: never[]) => unknown): Expect {
  return expect(`a ${Class.name}`, (v) => v instanceof Class);
}

/** Throws `code` when `value` is not what `spec` expects. `where` names the function. */
export function checkArgument(
  code: ErrorCode,
  where: string,
  name: string,
  value: unknown,
  spec: Expect,
): void {
  if (!spec.test(value)) {
    throw codedError(
      code,
      `${where}: ${name} got ${describeValue(value)}, expected ${spec.expected}`,
    );
  }
}

/**
 * Checks an options object: it must be a plain object (or undefined), every key must be
 * known and every present value must pass its spec. `unknownCode` is thrown for an
 * unknown key (a typo must not be ignored), `badCode` for the rest.
 */
export function checkOptions(
  where: string,
  options: unknown,
  specs: Readonly<Record<string, Expect>>,
  badCode: ErrorCode,
  unknownCode: ErrorCode = badCode,
): void {
  if (options === undefined) return;
  if (!isPlainObject(options)) {
    throw codedError(badCode, `${where} options got ${describeValue(options)}, expected an object`);
  }
  for (const [key, value] of Object.entries(options)) {
    const spec = Object.hasOwn(specs, key) ? specs[key] : undefined;
    if (spec === undefined) {
      throw codedError(
        unknownCode,
        `${where} option '${key}' is unknown (options: ${Object.keys(specs).join(', ')})`,
      );
    }
    if (value !== undefined && !spec.test(value)) {
      throw codedError(
        badCode,
        `${where} option '${key}' got ${describeValue(value)}, expected ${spec.expected}`,
      );
    }
  }
}
