/**
 * Creation and destruction of gobjs, in ginsfsm's order:
 *
 *   create:  check arguments → `new gclass()` → write kw → random name → gaplic
 *            settings (they win over kw) → compile `reName` → register the unique name
 *            → attach to parent → `startUp()`
 *   destroy: mark destroyed → detach → destroy children → release the unique name →
 *            remove every subscription (hard ones too, and those it holds elsewhere)
 *            → `goOut()`
 *
 * Both are whole or nothing. Creation is construction: a bad kw or setting throws and
 * nothing is attached; if `startUp()` throws, the half-made gobj is destroyed and the
 * `startUp` error is the one thrown. Destruction always completes: a `goOut()` that
 * throws is reported (`GO_OUT_FAILED`) and every other node of the subtree is still
 * destroyed. The walk is a loop with its own stack, so a chain of any depth works.
 */
import { codedError } from '../errors.js';
import { writeParameters } from '../gconfig/parameters.js';
import { safeLog } from '../logger.js';
import {
  kApplySettings,
  kChildren,
  kCreated,
  kDestroyed,
  kFault,
  kHost,
  kLabel,
  kReName,
} from '../symbols.js';
import { describeValue } from '../util/describe-value.js';
import { errorMessage } from '../util/error-text.js';
import { isPlainObject } from '../util/is-plain-object.js';
import type { GClass } from './gclass.js';
import type { Kw } from './gevent.js';
import { GObj, paramsOf } from './gobj.js';
import type { GObjHost } from './host.js';
import { deleteAllSubscriptions, unsubscribeEverywhere } from './publish.js';
import { attachChild, detachChild } from './traversal.js';
import type { ActionsAccept, CreateKw } from './types.js';
import { deregisterUnique, registerUnique } from './unique.js';

let randomCounter = 0;

function isGClass(value: unknown): value is GClass {
  return typeof value === 'function' && (value === GObj || value.prototype instanceof GObj);
}

function checkArguments(name: unknown, gclass: unknown, parent: unknown, kw: unknown): void {
  if (!isGClass(gclass)) {
    throw codedError(
      'GOBJ_BAD_GCLASS',
      `createGObj('${String(name)}'): gclass must be GObj or a subclass of it, got ${describeValue(gclass)}`,
    );
  }
  if (name !== null && name !== undefined && typeof name !== 'string') {
    throw codedError(
      'GOBJ_BAD_NAME',
      `createGObj: name must be a string or null, got ${describeValue(name)}`,
    );
  }
  if (parent !== null && parent !== undefined && (!(parent instanceof GObj) || parent.destroyed)) {
    throw codedError(
      'GOBJ_BAD_PARENT',
      `createGObj('${String(name)}'): parent must be null or a live gobj, got ${parent instanceof GObj ? `destroyed ${parent[kLabel]()}` : describeValue(parent)}`,
    );
  }
  if (kw !== undefined && !isPlainObject(kw)) {
    throw codedError(
      'GOBJ_BAD_KW',
      `createGObj('${String(name)}'): kw must be an object of parameters, got ${describeValue(kw)}`,
    );
  }
}

/** @internal `createGObj` for a given gaplic (or none). */
export function createGObjIn<G extends GObj>(
  gaplic: GObjHost | null,
  name: string | null | undefined,
  gclass: GClass<G>,
  parent: GObj | null | undefined,
  kw?: Readonly<Kw>,
): G {
  checkArguments(name, gclass, parent, kw);
  const host = gaplic ?? parent?.[kHost] ?? null;
  if (parent != null && parent[kHost] !== host) {
    throw codedError(
      'GOBJ_BAD_PARENT',
      `createGObj('${String(name)}'): parent ${parent[kLabel]()} belongs to another gaplic`,
    );
  }
  const gobj = new gclass();
  gobj.name = name ?? '';
  gobj[kHost] = host;
  if (host !== null) gobj.logger = host.logger;
  if (kw !== undefined) writeParameters(gobj, kw, true);
  if (paramsOf(gobj).randomName) {
    const n = ++randomCounter;
    gobj.name = gobj.name === '' ? String(n) : `${gobj.name}_${n}`;
  }
  host?.[kApplySettings](gobj);
  if (gobj.traceCreation) safeLog(gobj.logger, 'info', `Creating --> ${gobj[kLabel]()}`);
  const reName = paramsOf(gobj).reName;
  if (reName !== null) gobj[kReName] = new RegExp(`^(?:${reName})`);
  if (host?.allUniqueNames === true && gobj.name !== '') gobj.uniqueName = true;
  if (gobj.uniqueName) registerUnique(gobj);
  if (parent != null) attachChild(parent, gobj);
  gobj[kCreated] = true;
  try {
    gobj.startUp();
  } catch (error) {
    destroyGObjIn(gobj);
    throw error;
  }
  if (gobj.traceCreation) {
    safeLog(gobj.logger, 'info', `Created <-- ${gobj[kLabel]()}${gobj.uniqueName ? ' !' : ''}`);
  }
  return gobj;
}

/** One gobj being destroyed: its children snapshot and the next one to visit. */
interface Frame {
  readonly gobj: GObj;
  readonly children: readonly GObj[];
  next: number;
}

/** @internal `destroyGObj`: the whole subtree, children first; see the module comment. */
export function destroyGObjIn(root: GObj): void {
  if (!(root instanceof GObj)) {
    throw codedError(
      'GOBJ_BAD_DESTINATION',
      `destroyGObj: expected a gobj, got ${describeValue(root)}`,
    );
  }
  if (root[kDestroyed]) {
    root[kFault]('DESTROYED_TWICE', `destroyGObj: ${root[kLabel]()} is already destroyed`, null);
    return;
  }
  const stack: Frame[] = [enter(root)];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      const child = top.children[top.next++]!;
      if (!child[kDestroyed]) stack.push(enter(child));
    } else {
      stack.pop();
      finish(top.gobj);
    }
  }
}

function enter(gobj: GObj): Frame {
  if (gobj.traceCreation) safeLog(gobj.logger, 'info', `Destroying ${gobj[kLabel]()}`);
  gobj[kDestroyed] = true;
  detachChild(gobj);
  return { gobj, children: gobj[kChildren]?.list ?? [], next: 0 };
}

function finish(gobj: GObj): void {
  deregisterUnique(gobj);
  deleteAllSubscriptions(gobj, true);
  unsubscribeEverywhere(gobj);
  try {
    gobj.goOut();
  } catch (error) {
    gobj[kFault](
      'GO_OUT_FAILED',
      `${gobj[kLabel]()}: goOut() threw: ${errorMessage(error)}`,
      null,
      error,
    );
  }
}

/**
 * Creates a gobj of `gclass` named `name` under `parent` (or as a principal when `null`)
 * in the parent's gaplic. `kw` is written first, then the gaplic's settings override it;
 * then the unique name is registered, the gobj attached, and `startUp()` called.
 * `kw` is typed from the gclass's gconfig, so a misspelt parameter does not compile.
 */
export function createGObj<G extends GObj>(
  name: string | null,
  gclass: GClass<G> & ActionsAccept<G>,
  parent: GObj | null,
  kw?: Readonly<CreateKw<G>>,
): G {
  return createGObjIn(null, name, gclass, parent, kw);
}

/** Destroys a gobj and all its descendants (see `createGObj`). */
export function destroyGObj(gobj: GObj): void {
  destroyGObjIn(gobj);
}
