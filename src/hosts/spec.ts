/**
 * A worker spec: what a gaplic in a worker thread or child process is built from there
 * (JavaScript objects cannot cross threads, so the gaplic is made by a factory in the
 * worker, the shape an ini `[app:...]` section names):
 *
 *   { module, export = 'main', name, roles, settings, restart, ... }
 *
 * The module exports a factory `(globalConf, localConf) => GAplic | Promise<GAplic>`;
 * `localConf` is the spec's settings plus `name` and `roles`.
 */
import { codedError } from '../errors.js';
import {
  aNonEmptyString,
  aPlainObject,
  aPositiveInteger,
  checkOptions,
  type Expect,
} from '../util/check.js';
import { describeValue } from '../util/describe-value.js';

/** When a worker is restarted (Erlang/OTP's permanent, transient, temporary). */
export type RestartPolicy = 'never' | 'on-crash' | 'always';

export interface WorkerSpec {
  /** The module exporting the factory: an absolute path, a `file:` URL or a package name. */
  readonly module: string;
  /** The factory's export name. @default 'main' */
  readonly export?: string;
  /** The gaplic's name (events reach it by this name). */
  readonly name: string;
  /** The gaplic's roles (events reach it by role). @default [] */
  readonly roles?: readonly string[];
  /** Local settings handed to the factory (with `name` and `roles`). @default {} */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Global settings handed to the factory. @default {} */
  readonly globalConf?: Readonly<Record<string, unknown>>;
  /** Restart after an exit not asked for: never, after a crash, or always. @default 'never' */
  readonly restart?: RestartPolicy;
  /** Restarts allowed within `restartPeriod` before giving up (OTP's intensity). @default 3 */
  readonly maxRestarts?: number;
  /** The period of `maxRestarts`, in seconds. @default 5 */
  readonly restartPeriod?: number;
  /** First restart delay in seconds, doubled at each restart up to `maxBackoff`. @default 0.1 */
  readonly backoff?: number;
  /** Longest restart delay, in seconds. @default 5 */
  readonly maxBackoff?: number;
  /** Seconds `stop()` waits for a graceful stop before it kills the worker. @default 5 */
  readonly stopTimeout?: number;
  /** Events waiting for the worker (while it starts or restarts, or beyond the window); more are nacked. @default 100_000 */
  readonly maxQueue?: number;
}

const aPositiveNumber: Expect = {
  test: (v) => typeof v === 'number' && Number.isFinite(v) && v > 0,
  expected: 'a finite number > 0',
};
const aRestartPolicy: Expect = {
  test: (v) => v === 'never' || v === 'on-crash' || v === 'always',
  expected: "'never', 'on-crash' or 'always'",
};
const someRoles: Expect = {
  test: (v) => Array.isArray(v) && v.every((r) => typeof r === 'string' && r !== ''),
  expected: 'a list of non-empty strings',
};

const SPEC_FIELDS: Readonly<Record<keyof WorkerSpec, Expect>> = {
  module: aNonEmptyString,
  export: aNonEmptyString,
  name: aNonEmptyString,
  roles: someRoles,
  settings: aPlainObject,
  globalConf: aPlainObject,
  restart: aRestartPolicy,
  maxRestarts: { test: (v) => v === 0 || aPositiveInteger.test(v), expected: 'an integer >= 0' },
  restartPeriod: aPositiveNumber,
  backoff: aPositiveNumber,
  maxBackoff: aPositiveNumber,
  stopTimeout: aPositiveNumber,
  maxQueue: aPositiveInteger,
};

/** A spec with every default filled in. */
export type FullSpec = Required<WorkerSpec>;

/** Checks a spec (throws `WORKER_BAD_SPEC`) and fills in the defaults. */
export function checkSpec(where: string, spec: unknown): FullSpec {
  if (typeof spec !== 'object' || spec === null) {
    throw codedError(
      'WORKER_BAD_SPEC',
      `${where}: spec got ${describeValue(spec)}, expected an object`,
    );
  }
  checkOptions(`${where} spec`, spec, SPEC_FIELDS, 'WORKER_BAD_SPEC');
  const s = spec as WorkerSpec;
  for (const key of ['module', 'name'] as const) {
    if (s[key] === undefined) {
      throw codedError('WORKER_BAD_SPEC', `${where}: spec field '${key}' is missing`);
    }
  }
  return {
    module: s.module,
    export: s.export ?? 'main',
    name: s.name,
    roles: s.roles ?? [],
    settings: s.settings ?? {},
    globalConf: s.globalConf ?? {},
    restart: s.restart ?? 'never',
    maxRestarts: s.maxRestarts ?? 3,
    restartPeriod: s.restartPeriod ?? 5,
    backoff: s.backoff ?? 0.1,
    maxBackoff: s.maxBackoff ?? 5,
    stopTimeout: s.stopTimeout ?? 5,
    maxQueue: s.maxQueue ?? 100_000,
  };
}

/** What crosses to the worker: the spec's data, JSON only. */
export interface BootSpec {
  readonly module: string;
  readonly export: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly settings: Readonly<Record<string, unknown>>;
  readonly globalConf: Readonly<Record<string, unknown>>;
}

export function bootSpecOf(spec: FullSpec): BootSpec {
  const { module, name, roles, settings, globalConf } = spec;
  return { module, export: spec.export, name, roles, settings, globalConf };
}
