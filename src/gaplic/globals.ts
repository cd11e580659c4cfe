/**
 * Process-wide (per thread) registry: the main gaplic, the other gaplics of this
 * thread, global apps, and `shutdown()`. Gaplics in worker threads and child
 * processes are reached through routing, not through this registry.
 */
import { codedError } from '../errors.js';
import type { GObj } from '../gobj/gobj.js';
import type { Kw } from '../gobj/gevent.js';
import { kEnqueue } from '../symbols.js';
import { anInstanceOf, aPlainObject, aString, checkArgument, optional } from '../util/check.js';
import { clearGlobalApps, globalAppNames, setGlobalApp } from '../gconfig/global-apps.js';
import { GAplic } from './gaplic.js';
import { clearWorkers, listWorkers, notifyMainGAplic } from './workers.js';

let mainGAplic: GAplic | null = null;
const gaplics = new Set<GAplic>();
const aGAplic = anInstanceOf(GAplic);

export { getGlobalApp, setGlobalApp } from '../gconfig/global-apps.js';

/** Sets the main gaplic; it is also registered as a global app under its name. */
export function setGlobalMainGAplic(gaplic: GAplic): void {
  checkArgument('GAPLIC_BAD_ARGUMENT', 'setGlobalMainGAplic', 'gaplic', gaplic, aGAplic);
  mainGAplic = gaplic;
  gaplics.add(gaplic);
  if (gaplic.name !== '') setGlobalApp(gaplic.name, gaplic);
  notifyMainGAplic(gaplic);
}

export function getGlobalMainGAplic(): GAplic | null {
  return mainGAplic;
}

/** Registers another gaplic of this thread (found by `globalGetGAplic`, stopped by `shutdown`). */
export function addGlobalGAplic(gaplic: GAplic): void {
  checkArgument('GAPLIC_BAD_ARGUMENT', 'addGlobalGAplic', 'gaplic', gaplic, aGAplic);
  gaplics.add(gaplic);
}

/** Every registered gaplic, main first. */
export function getGlobalGAplics(): GAplic[] {
  const rest = [...gaplics].filter((g) => g !== mainGAplic);
  return mainGAplic === null ? rest : [mainGAplic, ...rest];
}

/** The registered gaplic named `name`, or `undefined`. */
export function globalGetGAplic(name: string): GAplic | undefined {
  checkArgument('GAPLIC_BAD_ARGUMENT', 'globalGetGAplic', 'name', name, aString);
  return getGlobalGAplics().find((g) => g.name === name);
}

/** Finds a unique-named gobj in the registered gaplics (only in `gaplicName` if given). */
export function globalGetGObj(gobjName: string, gaplicName?: string): GObj | undefined {
  checkArgument('GAPLIC_BAD_ARGUMENT', 'globalGetGObj', 'gobjName', gobjName, aString);
  checkArgument(
    'GAPLIC_BAD_ARGUMENT',
    'globalGetGObj',
    'gaplicName',
    gaplicName,
    optional(aString),
  );
  for (const gaplic of getGlobalGAplics()) {
    if (gaplicName !== undefined && gaplic.name !== gaplicName) continue;
    const found = gaplic.findUniqueGObj(gobjName);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Posts an event to a unique gobj of a registered gaplic, from code that is not a gobj.
 * Throws `GAPLIC_UNKNOWN_GAPLIC` or `GOBJ_UNKNOWN_UNIQUE_NAME`.
 */
export function postEventFromOutside(
  gaplicName: string,
  gobjName: string,
  eventName: string,
  kw: Kw = {},
): void {
  const where = 'postEventFromOutside';
  checkArgument('GAPLIC_BAD_ARGUMENT', where, 'gaplicName', gaplicName, aString);
  checkArgument('GAPLIC_BAD_ARGUMENT', where, 'gobjName', gobjName, aString);
  checkArgument('GAPLIC_BAD_ARGUMENT', where, 'eventName', eventName, aString);
  checkArgument('GOBJ_BAD_KW', where, 'kw', kw, aPlainObject);
  const gaplic = globalGetGAplic(gaplicName);
  if (gaplic === undefined) {
    throw codedError(
      'GAPLIC_UNKNOWN_GAPLIC',
      `postEventFromOutside: no registered gaplic named '${gaplicName}'`,
    );
  }
  const gobj = gaplic.findUniqueGObj(gobjName);
  if (gobj === undefined) {
    throw codedError(
      'GOBJ_UNKNOWN_UNIQUE_NAME',
      `postEventFromOutside: gaplic '${gaplicName}' has no gobj with the unique name '${gobjName}'`,
    );
  }
  gaplic[kEnqueue](eventName, gobj, null, kw);
}

/**
 * Stops the whole tree: every worker (thread and process gaplics, gracefully: their gobjs
 * go out), then every registered gaplic of this thread, the main one last. Resolves when
 * all have stopped.
 */
export async function shutdown(): Promise<void> {
  await Promise.allSettled(listWorkers().map((worker) => worker.stop()));
  const all = getGlobalGAplics().reverse();
  for (const gaplic of all) gaplic.stop();
}

/** What is registered: names of the main gaplic, the other gaplics and the global apps. */
export function listGlobals(): { main: string | null; gaplics: string[]; apps: string[] } {
  return {
    main: mainGAplic?.name ?? null,
    gaplics: getGlobalGAplics().map((g) => g.name),
    apps: globalAppNames(),
  };
}

/** @internal Forgets everything (test isolation). */
export function resetGlobals(): void {
  mainGAplic = null;
  gaplics.clear();
  clearGlobalApps();
  clearWorkers();
}
