/**
 * `loadApp(iniPath)`: reads a PasteDeploy-style composite, checks it whole, imports every
 * module it names and checks every export, builds the main gaplic with its factory and
 * sets up (without starting) the gaplics of `threads` and `subprocesses`. Nothing runs
 * until `start()`; a mistake throws a `ConfigError` naming the file, the line and the key.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { codedError, GinsfsmError } from '../errors.js';
import { makeFault } from '../faults.js';
import { GAplic } from '../gaplic/gaplic.js';
import { setGlobalMainGAplic, shutdown } from '../gaplic/globals.js';
import type { GObj } from '../gobj/gobj.js';
import { setupGAplicProcess, setupGAplicThread } from '../hosts/node/setup.js';
import type { WorkerSpec } from '../hosts/spec.js';
import type { GAplicWorker } from '../hosts/supervisor.js';
import { kReportFault, kStartPending } from '../symbols.js';
import { describeValue } from '../util/describe-value.js';
import { errorMessage } from '../util/error-text.js';
import { ghttpServing } from './ghttp-serving.js';
import type { CompositeHttpApp, HttpServing } from './http.js';
import { readIni } from './ini-reader.js';
import type { LoggingConfig } from './logging.js';
import { planComposite, type AppPlan, type CompositePlan } from './plan.js';

/** Options of {@link loadApp}. */
export interface LoadAppOptions {
  /** The composite to load: `[composite:<name>]`. @default 'main' */
  readonly name?: string;
  /** More `%(name)s` variables (gserve's `var=value` arguments); also in every global conf. */
  readonly vars?: Readonly<Record<string, string>>;
  /** What serves the `http` apps (default: `ghttpServing()`, a GHttpServer per app). */
  readonly http?: HttpServing;
}

/** A loaded composite: built and checked, not running yet. */
export interface ComposedApp {
  /** The ini file, absolute. */
  readonly file: string;
  /** The main gaplic (built, not started). */
  readonly main: GAplic;
  /** The gaplics of `threads` then `subprocesses` (set up, not started). */
  readonly workers: readonly GAplicWorker[];
  /** The apps of `http`, imported and checked. */
  readonly http: readonly CompositeHttpApp[];
  /** The `[logging]` section (see `applyLogging`), or `null` when there is none. */
  readonly logging: LoggingConfig | null;
  /** Every module file the composite imports (what `gserve --reload` watches, with the ini). */
  readonly modules: readonly string[];
  /**
   * Makes the main gaplic the global main gaplic, starts every worker and, once they all
   * run, the main gaplic, then the http serving; resolves when all run. Rejects when a
   * worker cannot start (a setting it refused: `INI_BAD_SETTING` at its line; else the
   * `WorkerError`), the main gaplic not started: call `stop()` then.
   */
  start(): Promise<void>;
  /**
   * Stops the http serving, then the whole tree (`shutdown()`: the workers, their gobjs
   * going out, then the gaplics of this thread), then destroys the main gaplic's gobjs.
   */
  stop(): Promise<void>;
}

type Factory = (globalConf: Record<string, unknown>, localConf: Record<string, unknown>) => unknown;

/** Loads the composite of `iniPath` (relative to the current directory). */
export async function loadApp(iniPath: string, options: LoadAppOptions = {}): Promise<ComposedApp> {
  const file = resolve(iniPath);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw codedError('INI_SYNTAX', `${file}: cannot be read: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  const plan = planComposite(readIni(text, file), options.name ?? 'main', options.vars ?? {});
  const exports = new Map<AppPlan, unknown>();
  for (const app of plan.apps) exports.set(app, await importExport(plan, app));
  const http: CompositeHttpApp[] = plan.apps
    .filter((a) => a.placement === 'http')
    .map((a) => ({
      section: a.section,
      app: exports.get(a),
      settings: a.settings,
      where: `${plan.file}:${a.lines.get('')}`,
    }));
  const mainPlan = plan.apps[0]!;
  const main = await buildMain(plan, mainPlan, exports.get(mainPlan) as Factory);
  warnUnmatched(plan, mainPlan, main);
  const workerPlans = plan.apps.filter(
    (a) => a.placement === 'thread' || a.placement === 'process',
  );
  const workers = workerPlans.map((a) =>
    (a.placement === 'thread' ? setupGAplicThread : setupGAplicProcess)(workerSpec(plan, a)),
  );
  const serving = options.http ?? ghttpServing();
  return {
    file: plan.file,
    main,
    workers,
    http,
    logging: plan.logging,
    modules: plan.apps.map((a) => a.module).filter((m) => m.startsWith('/')),
    async start() {
      setGlobalMainGAplic(main);
      main[kStartPending]();
      // The main gaplic runs once every worker does: a worker that cannot start (a
      // setting it refused, say) leaves no half-started application behind.
      await Promise.all(
        workers.map((worker, i) =>
          worker.start().catch((error: unknown) => {
            throw settingRefused(plan, workerPlans[i]!, error) ?? error;
          }),
        ),
      );
      void main.start();
      if (http.length > 0) await serving.serve(http, main);
    },
    async stop() {
      if (serving.close !== undefined) await serving.close();
      await shutdown();
      // As in a worker, the main gaplic's gobjs go out (their goOut runs).
      for (const child of [...main.children]) if (!child.destroyed) main.destroyGObj(child);
    },
  };
}

function at(plan: CompositePlan, app: AppPlan, key: string): string {
  return `${plan.file}:${app.lines.get(key) ?? app.lines.get('')}: [app:${app.section}]`;
}

/** The importable specifier: a file URL, or a package resolved from the ini file's folder. */
function specifierOf(plan: CompositePlan, module: string): string {
  if (module.startsWith('/')) return pathToFileURL(module).href;
  try {
    return pathToFileURL(createRequire(join(plan.here, 'noop.js')).resolve(module)).href;
  } catch {
    return module; // resolved from ginsfsm's own folder, as a worker does
  }
}

async function importExport(plan: CompositePlan, app: AppPlan): Promise<unknown> {
  let module: Record<string, unknown>;
  try {
    module = (await import(specifierOf(plan, app.module))) as Record<string, unknown>;
  } catch (error) {
    throw codedError(
      'INI_BAD_MODULE',
      `${at(plan, app, 'use')} key 'use': cannot import '${app.module}': ${errorMessage(error)}`,
      { cause: error },
    );
  }
  const value = module[app.export];
  const wanted =
    app.placement === 'http' ? value !== undefined && value !== null : typeof value === 'function';
  if (!wanted) {
    throw codedError(
      'INI_BAD_EXPORT',
      `${at(plan, app, 'use')} key 'use': export '${app.export}' of '${app.module}' got ${describeValue(value)}, expected ${app.placement === 'http' ? 'an http app' : 'a factory function (globalConf, localConf) => GAplic'}`,
    );
  }
  return value;
}

async function buildMain(plan: CompositePlan, app: AppPlan, factory: Factory): Promise<GAplic> {
  let made: unknown;
  try {
    made = await factory(
      { ...plan.globalConf },
      { ...app.settings, name: app.name, roles: [...app.roles] },
    );
  } catch (error) {
    throw fromFactory(plan, app, error);
  }
  if (!(made instanceof GAplic) || made.name !== app.name) {
    throw codedError(
      'INI_FACTORY_FAILED',
      `${at(plan, app, 'use')} factory '${app.export}' returned ${made instanceof GAplic ? `a gaplic named '${made.name}'` : describeValue(made)}, expected a GAplic named '${app.name}' (localConf.name, from the same ginsfsm package)`,
    );
  }
  return made;
}

/**
 * A setting a gobj or the gaplic refused (here or in a worker) becomes `INI_BAD_SETTING`
 * at its line; `null` when the error is not about one of the app's settings.
 */
function settingRefused(plan: CompositePlan, app: AppPlan, error: unknown): Error | null {
  const code: string = error instanceof GinsfsmError ? (error.code as string) : '';
  if (!/^GCONFIG_|^GAPLIC_BAD_OPTION$/.test(code)) return null;
  const message = errorMessage(error);
  const paramOf = (k: string): string => k.slice(k.lastIndexOf('.') + 1);
  // The parameter the message is about first: an unknown parameter's message also lists
  // every known one, which other settings may name.
  const named = /parameter '([^']+)'/.exec(message)?.[1];
  const keys = Object.keys(app.settings);
  const key =
    keys.find((k) => paramOf(k) === named) ??
    keys.find((k) => message.includes(`'${paramOf(k)}'`) || message.includes(`'${k}'`));
  if (key === undefined) return null;
  return codedError(
    'INI_BAD_SETTING',
    `${at(plan, app, key)} setting '${key}' = ${describeValue(app.settings[key])} was refused: ${message} [${code}]`,
    { cause: error },
  );
}

/** What a failing main factory throws: the setting it refused, or INI_FACTORY_FAILED. */
function fromFactory(plan: CompositePlan, app: AppPlan, error: unknown): Error {
  const refused = settingRefused(plan, app, error);
  if (refused !== null) return refused;
  const code: string = error instanceof GinsfsmError ? (error.code as string) : '';
  const message = errorMessage(error);
  return codedError(
    'INI_FACTORY_FAILED',
    `${at(plan, app, 'use')} factory '${app.export}' threw: ${message}${code === '' ? '' : ` [${code}]`}`,
    { cause: error },
  );
}

/** Dotted settings of the main app whose target is no gobj name nor gclass of its tree. */
function warnUnmatched(plan: CompositePlan, app: AppPlan, main: GAplic): void {
  // The router is made on first use (`routerOf`), often after the factory: its settings
  // (`router.port = 2690`) always have a target.
  const targets = new Set<string>(['GObj', 'router', 'GRouter']);
  const visit = (gobj: GObj): void => {
    if (gobj.name !== '') targets.add(gobj.name);
    for (
      let c: unknown = gobj.constructor;
      typeof c === 'function' && c !== Function.prototype;
      c = Object.getPrototypeOf(c)
    ) {
      targets.add((c as { name: string }).name);
    }
    for (const child of gobj.children) visit(child);
  };
  for (const child of main.children) visit(child);
  for (const key of Object.keys(app.settings)) {
    const dot = key.lastIndexOf('.');
    if (dot < 0 || targets.has(key.slice(0, dot))) continue;
    main[kReportFault](
      makeFault(
        'INI_SETTING_UNMATCHED',
        `${at(plan, app, key)} setting '${key}' matches no gobj name or gclass of gaplic '${main.name}' (a typo?)`,
        null,
        null,
      ),
    );
  }
}

function workerSpec(plan: CompositePlan, app: AppPlan): WorkerSpec {
  return {
    ...app.worker,
    module: app.module,
    export: app.export,
    name: app.name,
    roles: app.roles,
    settings: app.settings,
    globalConf: plan.globalConf,
  };
}
