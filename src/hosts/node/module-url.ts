/**
 * What a worker imports: an absolute path becomes a `file:` URL, a `file:` URL or a
 * package name stays as it is (a package is resolved from the ginsfsm installation, next
 * to it in `node_modules`). A relative path is resolved against the current directory
 * of the main process, before the worker starts.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The spec's module as the main process hands it to a worker. */
export function absoluteModule(module: string): string {
  return module.startsWith('.') ? resolve(process.cwd(), module) : module;
}

/** The specifier `import()` takes in the worker. */
export function importable(module: string): string {
  return isAbsolute(module) ? pathToFileURL(module).href : module;
}

/** Imports a worker's module. */
export async function loadModule(module: string): Promise<Record<string, unknown>> {
  return (await import(importable(module))) as Record<string, unknown>;
}
