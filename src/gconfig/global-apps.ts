/**
 * The process-wide (per thread) registry of named objects ("global apps"): the main
 * gaplic registers itself here, and a config value `'app:<name>'` of a parameter of
 * type `any` is replaced by the object registered under `<name>`.
 */
import { aNonEmptyString, aString, checkArgument } from '../util/check.js';

const apps = new Map<string, unknown>();

/** Registers `value` under `name` (replacing any previous one). */
export function setGlobalApp(name: string, value: unknown): void {
  checkArgument('GAPLIC_BAD_ARGUMENT', 'setGlobalApp', 'name', name, aNonEmptyString);
  apps.set(name, value);
}

/** The object registered under `name`, or `undefined`. */
export function getGlobalApp(name: string): unknown {
  checkArgument('GAPLIC_BAD_ARGUMENT', 'getGlobalApp', 'name', name, aString);
  return apps.get(name);
}

/** @internal Names of every registered app. */
export function globalAppNames(): string[] {
  return [...apps.keys()];
}

/** @internal Forgets every app (tests). */
export function clearGlobalApps(): void {
  apps.clear();
}
