/**
 * The write pipeline of a parameter, in order:
 *   1. unknown name → error (thrown when strict, else logged and ignored);
 *   2. coercion to the template type (ini strings become numbers, booleans, lists...);
 *   3. `'app:<name>'` strings of `any` parameters → the global app `<name>` (which must exist);
 *   4. the validator, which receives that value and returns the value to store;
 *   5. callable protection: a stored function is never replaced by a non-function;
 *   6. store in `config` or, for direct parameters, on the object itself.
 * Strict writes (construction, `createGObj` kw and settings) throw
 * `GConfigValidateError`; run-time writes log the error and keep the old value.
 */
import { codedError, GConfigValidateError } from '../errors.js';
import type { FaultCode } from '../faults.js';
import { kFault, kLabel, kTemplate } from '../symbols.js';
import { describeValue, listNames } from '../util/describe-value.js';
import { errorMessage } from '../util/error-text.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { getGlobalApp } from './global-apps.js';
import { coerce, CoercionError } from './coerce.js';
import type { CompiledEntry, CompiledTemplate } from './template.js';

/** @internal What the pipeline writes into: a gobj or a standalone GConfig. */
export interface ParameterHost {
  config: Record<string, unknown>;
  readonly [kTemplate]: CompiledTemplate;
  /** How messages name the owner (`Class:name`). */
  [kLabel](): string;
  /** Where run-time write errors go. */
  [kFault](code: FaultCode, message: string, event: string | null, error?: unknown): void;
}

interface PreparedDefaults {
  /** A new `config` holding every immutable default. */
  readonly newConfig: () => Record<string, unknown>;
  /** Every default in one object, shared by the gobjs that have no `config` of their own. */
  readonly shared: Record<string, unknown>;
  /** Entries whose default is a mutable object: copied for every instance. */
  readonly copied: readonly CompiledEntry[];
  readonly direct: readonly CompiledEntry[];
  /** The direct entries a new object must be given (`directToWrite`), once known. */
  written: readonly CompiledEntry[] | null;
  readonly values: ReadonlyMap<string, unknown>;
}

const prepared = new WeakMap<CompiledTemplate, PreparedDefaults>();

function slot(host: ParameterHost): Record<string, unknown> {
  return host as unknown as Record<string, unknown>;
}

/** Coerces, resolves `app:` and validates `value` for `entry`; throws `GConfigValidateError`. */
function convert(owner: string, entry: CompiledEntry, value: unknown): unknown {
  let result: unknown;
  try {
    result = coerce(entry.type, value);
  } catch (error) {
    throw invalid(owner, entry, value, (error as CoercionError).expected, error);
  }
  if (entry.type === 'any' && typeof result === 'string' && result.startsWith('app:')) {
    result = getGlobalApp(result.slice(4));
    if (result === undefined) {
      throw invalid(owner, entry, value, 'a registered global app (setGlobalApp)');
    }
  }
  if (entry.validate === null) return result;
  try {
    return entry.validate(result);
  } catch (error) {
    const reason = errorMessage(error);
    throw invalid(owner, entry, value, `a value accepted by its validator (${reason})`, error);
  }
}

function invalid(
  owner: string,
  entry: CompiledEntry,
  value: unknown,
  expected: string,
  cause?: unknown,
): GConfigValidateError {
  return codedError(
    'GCONFIG_INVALID_VALUE',
    `${owner}: parameter '${entry.name}' (${entry.type}) got ${describeValue(value)}, expected ${expected}`,
    cause === undefined ? undefined : { cause },
  );
}

function prepare(owner: string, template: CompiledTemplate): PreparedDefaults {
  const known = prepared.get(template);
  if (known !== undefined) return known;
  const configBase: Record<string, unknown> = {};
  const copied: CompiledEntry[] = [];
  const direct: CompiledEntry[] = [];
  const values = new Map<string, unknown>();
  for (const entry of template.entries.values()) {
    const value = convert(owner, entry, entry.default);
    values.set(entry.name, value);
    if (entry.direct) direct.push(entry);
    else if (isMutable(entry, value)) copied.push(entry);
    else configBase[entry.name] = value;
  }
  const size = Object.keys(configBase).length + copied.length;
  const newConfig = configFactory(configBase, size);
  const shared = newConfig();
  for (const entry of copied) shared[entry.name] = values.get(entry.name);
  const result = { newConfig, shared, copied, direct, written: null, values };
  prepared.set(template, result);
  return result;
}

function isMutable(entry: CompiledEntry, value: unknown): boolean {
  return (
    (entry.type === 'list' || entry.type === 'dict' || entry.type === 'bytes') && value !== null
  );
}

function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return [...(value as unknown[])];
  if (value instanceof Uint8Array) return value.slice();
  return { ...(value as object) };
}

/** The most properties V8 keeps inside an object made by a constructor (its slack). */
const IN_OBJECT_MAX = 10;

/**
 * Makes the `config` objects of one template. A plain object literal keeps 4 properties
 * inside itself and the rest in a separate array (every gobj has at least 5 parameters,
 * so it paid that array: 24-40 bytes). Objects made by a constructor keep up to 10 inside
 * themselves: the constructor's prototype is Object.prototype, so `config` is still a
 * plain object (`Object.getPrototypeOf(config) === Object.prototype`).
 */
function configFactory(base: Record<string, unknown>, size: number): () => Record<string, unknown> {
  if (size > IN_OBJECT_MAX) return () => ({ ...base });
  const Config = function (): void {} as unknown as new () => Record<string, unknown>;
  Config.prototype = Object.prototype;
  return () => Object.assign(new Config(), base);
}

/** The default of `entry` for one object (mutable defaults are copied, never shared). */
function defaultOf(defaults: PreparedDefaults, entry: CompiledEntry): unknown {
  const value = defaults.values.get(entry.name);
  return isMutable(entry, value) ? copyOf(value) : value;
}

/** Callable protection: a stored function (a method, say) is never replaced by a non-function. */
function keepsFunction(target: Record<string, unknown>, name: string, value: unknown): boolean {
  return typeof target[name] === 'function' && typeof value !== 'function';
}

/** @internal Writes every default; throws `GConfigValidateError` on a bad default. */
export function initParameters(host: ParameterHost): void {
  const defaults = prepare(host.constructor.name, host[kTemplate]);
  host.config = configOf(defaults);
  writeDirectDefaults(host, defaults);
}

/**
 * @internal Writes the direct defaults of `host` (a gobj being built) and returns the
 * defaults of `template` as one object shared by every gobj of it that has no `config`
 * of its own yet (made once; throws `GConfigValidateError` on a bad default).
 */
export function sharedDefaults(
  host: ParameterHost,
  template: CompiledTemplate,
): Record<string, unknown> {
  const defaults = prepare(host.constructor.name, template);
  writeDirectDefaults(host, defaults);
  return defaults.shared;
}

/** @internal A new `config` holding the defaults of `host`'s template. */
export function newConfig(host: ParameterHost): Record<string, unknown> {
  return configOf(prepare(host.constructor.name, host[kTemplate]));
}

/** A new `config` holding every default (mutable ones copied). */
function configOf(defaults: PreparedDefaults): Record<string, unknown> {
  const config = defaults.newConfig();
  for (const entry of defaults.copied) config[entry.name] = defaultOf(defaults, entry);
  return config;
}

function writeDirectDefaults(host: ParameterHost, defaults: PreparedDefaults): void {
  const target = slot(host);
  const written = (defaults.written ??= directToWrite(target, defaults));
  for (const entry of written) target[entry.name] = defaults.values.get(entry.name);
}

/**
 * The direct parameters a new object must be given: those whose default its class does
 * not already give it (a gobj's flag-backed booleans start false) and that are not
 * methods. Decided on the first object, before any write: every object of a template
 * starts the same (the template is its class's), so the rest skip the reads and the
 * stores (through setters: most of the cost of creating a gobj).
 */
function directToWrite(
  target: Record<string, unknown>,
  defaults: PreparedDefaults,
): readonly CompiledEntry[] {
  return defaults.direct.filter((entry) => {
    const value = defaults.values.get(entry.name);
    return target[entry.name] !== value && !keepsFunction(target, entry.name, value);
  });
}

/** @internal Runs the pipeline for one parameter; returns true when the value was stored. */
export function writeParameter(
  host: ParameterHost,
  name: string,
  value: unknown,
  strict: boolean,
): boolean {
  try {
    const entry = host[kTemplate].entries.get(name);
    if (entry === undefined) {
      throw codedError(
        'GCONFIG_UNKNOWN_PARAMETER',
        `${host[kLabel]()}: unknown parameter ${quoted(name)} (parameters: ${listNames(host[kTemplate].entries.keys())})`,
      );
    }
    const result = convert(host[kLabel](), entry, value);
    const target = entry.direct ? slot(host) : host.config;
    if (keepsFunction(target, name, result)) {
      if (result !== null && result !== undefined) {
        host[kFault](
          'PARAMETER_KEEPS_FUNCTION',
          `${host[kLabel]()}: parameter '${name}' holds a function; ${describeValue(value)} not written`,
          null,
        );
      }
      return false;
    }
    target[name] = result;
    return true;
  } catch (error) {
    if (strict || !(error instanceof GConfigValidateError)) throw error;
    const code =
      error.code === 'GCONFIG_UNKNOWN_PARAMETER' ? 'PARAMETER_UNKNOWN' : 'PARAMETER_INVALID';
    host[kFault](code, error.message, null, error.cause);
    return false;
  }
}

/** @internal Writes several parameters (optionally only `names`). */
export function writeParameters(
  host: ParameterHost,
  kw: Readonly<Record<string, unknown>>,
  strict: boolean,
  names?: ReadonlySet<string>,
): void {
  if (!isPlainObject(kw)) {
    throw codedError(
      'GCONFIG_BAD_KW',
      `${host[kLabel]()}: parameters got ${describeValue(kw)}, expected a plain object of name: value`,
    );
  }
  for (const [name, value] of Object.entries(kw)) {
    if (names === undefined || names.has(name)) writeParameter(host, name, value, strict);
  }
}

/** @internal Reads one parameter; unknown names log an error and give `undefined`. */
export function readParameter(host: ParameterHost, name: string): unknown {
  const entry = host[kTemplate].entries.get(name);
  if (entry === undefined) {
    host[kFault](
      'PARAMETER_UNKNOWN',
      `${host[kLabel]()}: cannot read unknown parameter ${quoted(name)}`,
      null,
    );
    return undefined;
  }
  return entry.direct ? slot(host)[name] : host.config[name];
}

/** @internal A copy of the `config` values (direct parameters are not included). */
export function readParameters(host: ParameterHost): Record<string, unknown> {
  return { ...host.config };
}

/** @internal Writes the default of one parameter back; false for unknown names. */
export function resetParameter(host: ParameterHost, name: string): boolean {
  const entry = host[kTemplate].entries.get(name);
  if (entry === undefined) {
    host[kFault](
      'PARAMETER_UNKNOWN',
      `${host[kLabel]()}: cannot reset unknown parameter ${quoted(name)}`,
      null,
    );
    return false;
  }
  const value = defaultOf(prepare(host.constructor.name, host[kTemplate]), entry);
  const target = entry.direct ? slot(host) : host.config;
  if (keepsFunction(target, name, value)) return false;
  target[name] = value;
  return true;
}

/** @internal Writes every default back. */
export function resetAllParameters(host: ParameterHost): void {
  for (const name of host[kTemplate].entries.keys()) resetParameter(host, name);
}

/** A parameter name for a message: `'port'`, or the described value when it is no string. */
function quoted(name: unknown): string {
  return typeof name === 'string' ? `'${name}'` : describeValue(name);
}
