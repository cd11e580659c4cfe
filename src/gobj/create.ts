/**
 * Creation and destruction of gobjs, in ginsfsm's order:
 *
 *   create:  check arguments → `new gclass()` → write kw → random name → gaplic
 *            settings (they win over kw) → attach to parent → compile `reName` →
 *            register the unique name → `startUp()`
 *   destroy: mark destroyed → detach → destroy children → deregister the unique name →
 *            remove every subscription (hard ones too, and those it holds elsewhere)
 *            → `goOut()`
 *
 * Creation is construction: a bad kw or setting throws (nothing is attached). If
 * `startUp()` throws, the half-made gobj is destroyed before the error propagates.
 */
import { GObjError } from '../errors.js';
import type { GAplic } from '../gaplic/gaplic.js';
import { writeParameters } from '../gconfig/parameters.js';
import { describeValue } from '../util/describe-value.js';
import { isPlainObject } from '../util/is-plain-object.js';
import type { GClass } from './gclass.js';
import type { Kw } from './gevent.js';
import { GObj } from './gobj.js';
import { unsubscribeEverywhere } from './publish.js';

let randomCounter = 0;

function isGClass(value: unknown): value is GClass {
  return typeof value === 'function' && (value === GObj || value.prototype instanceof GObj);
}

function checkArguments(name: unknown, gclass: unknown, parent: unknown, kw: unknown): void {
  if (!isGClass(gclass)) {
    throw new GObjError(
      'GOBJ_BAD_GCLASS',
      `createGObj('${String(name)}'): gclass must be GObj or a subclass of it, got ${describeValue(gclass)}`,
    );
  }
  if (name !== null && name !== undefined && typeof name !== 'string') {
    throw new GObjError(
      'GOBJ_BAD_NAME',
      `createGObj: name must be a string or null, got ${describeValue(name)}`,
    );
  }
  if (parent !== null && parent !== undefined && (!(parent instanceof GObj) || parent.destroyed)) {
    throw new GObjError(
      'GOBJ_BAD_PARENT',
      `createGObj('${String(name)}'): parent must be null or a live gobj, got ${parent instanceof GObj ? `destroyed ${parent._label()}` : describeValue(parent)}`,
    );
  }
  if (kw !== undefined && !isPlainObject(kw)) {
    throw new GObjError(
      'GOBJ_BAD_KW',
      `createGObj('${String(name)}'): kw must be an object of parameters, got ${describeValue(kw)}`,
    );
  }
}

/** @internal `createGObj` for a given gaplic (or none). */
export function createGObjIn<G extends GObj>(
  gaplic: GAplic | null,
  name: string | null | undefined,
  gclass: GClass<G>,
  parent: GObj | null | undefined,
  kw?: Readonly<Kw>,
): G {
  checkArguments(name, gclass, parent, kw);
  const host = gaplic ?? parent?.gaplic ?? null;
  if (parent != null && parent.gaplic !== host) {
    throw new GObjError(
      'GOBJ_BAD_PARENT',
      `createGObj('${String(name)}'): parent ${parent._label()} belongs to another gaplic`,
    );
  }
  const gobj = new gclass();
  gobj.name = name ?? '';
  gobj.gaplic = host;
  if (host !== null) gobj.logger = host.logger;
  if (kw !== undefined) writeParameters(gobj, kw, true);
  if (gobj.config.randomName) {
    const n = ++randomCounter;
    gobj.name = gobj.name === '' ? String(n) : `${gobj.name}_${n}`;
  }
  host?._applySettings(gobj);
  if (gobj.traceCreation) gobj.logger.info(`Creating --> ${gobj._label()}`);
  if (gobj.config.reName !== null) gobj._reName = new RegExp(`^(?:${gobj.config.reName})`);
  if (host?.allUniqueNames === true && gobj.name !== '') gobj.uniqueName = true;
  if (gobj.uniqueName) register(host, gobj);
  parent?._addChild(gobj);
  try {
    gobj.startUp();
  } catch (error) {
    destroyGObjIn(gobj);
    throw error;
  }
  if (gobj.traceCreation)
    gobj.logger.info(`Created <-- ${gobj._label()}${gobj.uniqueName ? ' !' : ''}`);
  return gobj;
}

function register(host: GAplic | null, gobj: GObj): void {
  if (gobj.name === '') {
    throw new GObjError(
      'GOBJ_UNIQUE_NAME_EMPTY',
      `createGObj: a ${gobj.constructor.name} with uniqueName needs a non-empty name`,
    );
  }
  if (host === null) {
    throw new GObjError(
      'GOBJ_NO_GAPLIC',
      `createGObj('${gobj.name}'): uniqueName needs a gaplic to register in`,
    );
  }
  host._registerUnique(gobj);
}

/** @internal `destroyGObj`: recursive; see the module comment for the order. */
export function destroyGObjIn(gobj: GObj): void {
  if (!(gobj instanceof GObj)) {
    throw new GObjError(
      'GOBJ_BAD_DESTINATION',
      `destroyGObj: expected a gobj, got ${describeValue(gobj)}`,
    );
  }
  if (gobj.destroyed) {
    gobj.logger.error(`destroyGObj: ${gobj._label()} is already destroyed`);
    return;
  }
  if (gobj.traceCreation) gobj.logger.info(`Destroying ${gobj._label()}`);
  gobj.destroyed = true;
  gobj.parent?._removeChild(gobj);
  if (gobj._children !== null) for (const child of [...gobj._children]) destroyGObjIn(child);
  if (gobj.uniqueName) gobj.gaplic?._deregisterUnique(gobj);
  gobj.deleteAllSubscriptions(true);
  unsubscribeEverywhere(gobj);
  gobj.goOut();
}

/**
 * Creates a gobj of `gclass` named `name` under `parent` (or as a principal when `null`)
 * in the parent's gaplic. `kw` is written first, then the gaplic's settings override it;
 * then the gobj is attached, its unique name registered, and `startUp()` called.
 */
export function createGObj<G extends GObj>(
  name: string | null,
  gclass: GClass<G>,
  parent: GObj | null,
  kw?: Readonly<Kw>,
): G {
  return createGObjIn(null, name, gclass, parent, kw);
}

/** Destroys a gobj and all its descendants (see `createGObj`). */
export function destroyGObj(gobj: GObj): void {
  destroyGObjIn(gobj);
}
