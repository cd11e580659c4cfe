/**
 * Dotted settings: how ini keys reach gobjs. A key `target.param` is split at the
 * last dot; it applies to a gobj when `target` is the gobj's name, the name of its
 * gclass or of any ancestor gclass (so `GObj.x` applies to every gobj). A key without
 * a dot applies to every gobj that has the parameter.
 *
 * Precedence, lowest to highest (a higher one overwrites a lower one, whatever the
 * order of the keys): undotted < `GObj.` < ancestor gclass < own gclass < gobj name.
 * Undotted and `GObj.` keys skip gobjs that lack the parameter; a key aimed at a
 * gobj's name or gclass must name one of its parameters.
 */
import { codedError } from '../errors.js';
import { describeValue } from '../util/describe-value.js';

/** @internal One setting resolved for one gobj. */
export interface ResolvedSetting {
  readonly param: string;
  readonly value: unknown;
  /** True when the key targets this gobj explicitly (name or gclass). */
  readonly targeted: boolean;
}

type Params = ReadonlyMap<string, unknown>;

/** @internal Parsed settings with per-gclass caching. */
export class DottedSettings {
  readonly #undotted = new Map<string, unknown>();
  readonly #byTarget = new Map<string, Map<string, unknown>>();
  readonly #byClass = new WeakMap<object, readonly ResolvedSetting[]>();
  /** Targets that matched a gclass or gobj name at least once. */
  readonly #matched = new Set<string>();

  constructor(settings: Readonly<Record<string, unknown>>) {
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
      throw codedError(
        'GAPLIC_BAD_OPTION',
        `settings must be an object of 'target.param' keys, got ${describeValue(settings)}`,
      );
    }
    for (const [key, value] of Object.entries(settings)) {
      const dot = key.lastIndexOf('.');
      const param = key.slice(dot + 1);
      if (param === '' || dot === 0) {
        throw codedError(
          'GAPLIC_BAD_OPTION',
          `settings key '${key}' must be 'param' or 'target.param' with non-empty parts`,
        );
      }
      if (dot < 0) {
        this.#undotted.set(param, value);
      } else {
        const target = key.slice(0, dot);
        let params = this.#byTarget.get(target);
        if (params === undefined) this.#byTarget.set(target, (params = new Map<string, unknown>()));
        params.set(param, value);
      }
    }
  }

  /** True when there is nothing to apply. */
  get empty(): boolean {
    return this.#undotted.size === 0 && this.#byTarget.size === 0;
  }

  /**
   * The settings for a gobj of gclass `gclass` named `name`, lowest precedence first.
   * `has(param)` tells whether the gobj has that parameter.
   */
  resolve(gclass: object, name: string, has: (param: string) => boolean): ResolvedSetting[] {
    const out = [...this.#forClass(gclass, has)];
    const own = name === '' ? undefined : this.#byTarget.get(name);
    if (own !== undefined) {
      this.#matched.add(name);
      pushAll(out, own, true, has);
    }
    return out;
  }

  /** The dotted targets that no gclass or gobj name has matched so far. */
  unmatchedTargets(): string[] {
    return [...this.#byTarget.keys()].filter((t) => t !== 'GObj' && !this.#matched.has(t));
  }

  #forClass(gclass: object, has: (param: string) => boolean): readonly ResolvedSetting[] {
    const known = this.#byClass.get(gclass);
    if (known !== undefined) return known;
    const out: ResolvedSetting[] = [];
    pushAll(out, this.#undotted, false, has);
    for (const className of classNames(gclass)) {
      const params = this.#byTarget.get(className);
      if (params === undefined) continue;
      this.#matched.add(className);
      pushAll(out, params, className !== 'GObj', has);
    }
    this.#byClass.set(gclass, out);
    return out;
  }
}

function pushAll(
  out: ResolvedSetting[],
  params: Params,
  targeted: boolean,
  has: (param: string) => boolean,
): void {
  for (const [param, value] of params) {
    if (targeted || has(param)) out.push({ param, value, targeted });
  }
}

/** Class names from the root of the hierarchy (`GObj`) down to `gclass` itself. */
function classNames(gclass: object): string[] {
  const names: string[] = [];
  for (let c: unknown = gclass; typeof c === 'function' && c !== Function.prototype;) {
    names.unshift((c as { name: string }).name);
    if ((c as { name: string }).name === 'GObj') break;
    c = Object.getPrototypeOf(c);
  }
  return names;
}
