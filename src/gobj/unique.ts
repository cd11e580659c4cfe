/**
 * The link between a gobj and its gaplic's registry of unique names. A gobj remembers
 * the name it is registered under (`kRegisteredName`), so renaming it, turning
 * `uniqueName` off at run time or destroying it always releases exactly that name: the
 * registry cannot keep a destroyed gobj nor block a name forever.
 */
import { codedError } from '../errors.js';
import { kHost, kLabel, kRegister, kDeregister, kRegisteredName } from '../symbols.js';
import type { GObj } from './gobj.js';

/** Registers `gobj` under `name` (its current name by default). */
export function registerUnique(gobj: GObj, name: string = gobj.name): void {
  if (name === '') {
    throw codedError(
      'GOBJ_UNIQUE_NAME_EMPTY',
      `${gobj[kLabel]()}: a ${gobj.constructor.name} with uniqueName needs a non-empty name`,
    );
  }
  const host = gobj[kHost];
  if (host === null) {
    throw codedError(
      'GOBJ_NO_GAPLIC',
      `${gobj[kLabel]()}: uniqueName needs a gaplic to register in`,
    );
  }
  const before = gobj[kRegisteredName];
  host[kRegister](gobj, name);
  if (before !== null && before !== name) host[kDeregister](gobj, before);
  gobj[kRegisteredName] = name;
}

/** Releases the name `gobj` is registered under, if any. */
export function deregisterUnique(gobj: GObj): void {
  const name = gobj[kRegisteredName];
  if (name === null) return;
  gobj[kRegisteredName] = null;
  gobj[kHost]?.[kDeregister](gobj, name);
}
