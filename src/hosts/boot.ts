/**
 * The worker side of a placement, whatever runs it (a worker thread, a child process, a
 * Web Worker): import the spec's module, call its factory with the spec's configuration,
 * check that it made a GAplic, link it to its host (the main gaplic is its upstream
 * route), start it, and answer a stop request by destroying its gobjs (their `goOut`
 * runs) before stopping it. Failures become coded errors the host reports.
 */
import { codedError, GinsfsmError } from '../errors.js';
import { GAplic } from '../gaplic/gaplic.js';
import { setGlobalMainGAplic } from '../gaplic/globals.js';
import type { Link } from '../links/link.js';
import { routerOf } from '../router/grouter.js';
import { describeValue } from '../util/describe-value.js';
import { errorMessage } from '../util/error-text.js';
import type { BootSpec } from './spec.js';

/** Imports a module (the host decides how: a file URL, a package name). */
export type ModuleLoader = (specifier: string) => Promise<Record<string, unknown>>;

/** Builds, links and starts the gaplic of `spec`; throws a `WorkerError` on failure. */
export async function bootGAplic(spec: BootSpec, load: ModuleLoader, link: Link): Promise<GAplic> {
  let module: Record<string, unknown>;
  try {
    module = await load(spec.module);
  } catch (error) {
    throw codedError(
      'WORKER_MODULE_NOT_FOUND',
      `worker '${spec.name}': cannot import module '${spec.module}': ${errorMessage(error)}`,
      { cause: error },
    );
  }
  const factory = module[spec.export];
  if (typeof factory !== 'function') {
    throw codedError(
      'WORKER_BAD_EXPORT',
      `worker '${spec.name}': export '${spec.export}' of '${spec.module}' got ${describeValue(factory)}, expected a factory function`,
    );
  }
  const gaplic = await build(spec, factory as (g: unknown, l: unknown) => unknown);
  setGlobalMainGAplic(gaplic);
  routerOf(gaplic).addRoute(link, { upstream: true });
  void gaplic.start();
  return gaplic;
}

async function build(
  spec: BootSpec,
  factory: (g: unknown, l: unknown) => unknown,
): Promise<GAplic> {
  let made: unknown;
  try {
    made = await factory(spec.globalConf, { ...spec.settings, name: spec.name, roles: spec.roles });
  } catch (error) {
    if (error instanceof GinsfsmError) throw error;
    throw codedError(
      'WORKER_FACTORY_FAILED',
      `worker '${spec.name}': factory '${spec.export}' threw: ${errorMessage(error)}`,
      { cause: error },
    );
  }
  if (!(made instanceof GAplic)) {
    throw codedError(
      'WORKER_FACTORY_FAILED',
      `worker '${spec.name}': factory '${spec.export}' returned ${describeValue(made)}, expected a GAplic (from the same ginsfsm package)`,
    );
  }
  if (made.name !== spec.name) {
    throw codedError(
      'WORKER_FACTORY_FAILED',
      `worker '${spec.name}': factory '${spec.export}' made a gaplic named '${made.name}', expected '${spec.name}' (localConf.name)`,
    );
  }
  return made;
}

/**
 * A graceful stop: the work already queued is done (a bounded number of iterations),
 * every gobj of the gaplic is destroyed (its `goOut` runs), then it stops.
 */
export function stopGAplic(gaplic: GAplic): void {
  for (let i = 0; i < 100 && gaplic.runOnce(); i++);
  for (const child of [...gaplic.children]) {
    if (!child.destroyed) gaplic.destroyGObj(child);
  }
  gaplic.stop();
}
