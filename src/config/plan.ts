/**
 * The composition an ini file describes, checked before anything is imported or started:
 * the `[composite:<name>]` section (`use = call:ginsfsm#gaplicFactory`, `main`, `threads`,
 * `subprocesses`, `http` or its alias `wsgi`), the `[app:<name>]` sections it lists, and
 * `[logging]`. Every mistake throws a `ConfigError` naming the file, the line and the key.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { codedError } from '../errors.js';
import type { RestartPolicy } from '../hosts/spec.js';
import { describeValue } from '../util/describe-value.js';
import { interpolate, type IniDocument, type IniEntry, type IniSection } from './ini-reader.js';
import { planLogging, type LoggingConfig } from './logging.js';

/** Where an app of the composite runs. */
export type Placement = 'main' | 'thread' | 'process' | 'http';

/** The worker options an app section of `threads` or `subprocesses` may set. */
export interface WorkerOptions {
  restart?: RestartPolicy;
  maxRestarts?: number;
  restartPeriod?: number;
  backoff?: number;
  maxBackoff?: number;
  stopTimeout?: number;
  maxQueue?: number;
}

/** One `[app:<section>]` of the composite, checked. */
export interface AppPlan {
  /** The section's name (after `app:`). */
  readonly section: string;
  readonly placement: Placement;
  /** An absolute path, or a package name. */
  readonly module: string;
  readonly export: string;
  /** The gaplic's name: the `name` key, else the section's name. */
  readonly name: string;
  readonly roles: readonly string[];
  /** The other keys, interpolated: the factory's local settings (dotted settings for gobjs). */
  readonly settings: Readonly<Record<string, string>>;
  readonly worker: WorkerOptions;
  /** The line of each key of the section (and of the section itself, under ''). */
  readonly lines: ReadonlyMap<string, number>;
}

/** What an ini file composes. */
export interface CompositePlan {
  readonly file: string;
  /** The ini file's folder (`%(here)s`). */
  readonly here: string;
  /** The `[DEFAULT]` keys, `here` and `__file__` (and the caller's variables): every factory's global conf. */
  readonly globalConf: Readonly<Record<string, string>>;
  /** Main first, then threads, subprocesses and http apps, in the order listed. */
  readonly apps: readonly AppPlan[];
  /** The `[logging]` section, or `null` when there is none. */
  readonly logging: LoggingConfig | null;
}

export const COMPOSITE_USE = 'call:ginsfsm#gaplicFactory';
const LISTS = {
  main: 'main',
  threads: 'thread',
  subprocesses: 'process',
  http: 'http',
  wsgi: 'http',
} as const;
const WORKER_KEYS = [
  'restart',
  'maxRestarts',
  'restartPeriod',
  'backoff',
  'maxBackoff',
  'stopTimeout',
  'maxQueue',
] as const;

/** Checks the composite `name` of `doc` (`vars` are more `%(name)s` variables). */
export function planComposite(
  doc: IniDocument,
  name: string,
  vars: Readonly<Record<string, string>> = {},
): CompositePlan {
  const here = dirname(doc.file);
  const base = { ...vars, here, __file__: doc.file };
  for (const section of doc.sections.values()) checkKind(doc, section);
  const composite = doc.sections.get(`composite:${name}`);
  if (composite === undefined) {
    const known = [...doc.sections.keys()].filter((s) => s.startsWith('composite:'));
    throw codedError(
      'INI_UNKNOWN_SECTION',
      `${doc.file}: no [composite:${name}] section (composites: ${known.length === 0 ? 'none' : known.map((s) => `[${s}]`).join(', ')})`,
    );
  }
  const value = (section: IniSection, entry: IniEntry): string =>
    interpolate(doc, entry, section, base).trim();
  const globalConf: Record<string, string> = {};
  for (const entry of doc.defaults.values()) globalConf[entry.key] = value(composite, entry);
  Object.assign(globalConf, vars, { here, __file__: doc.file });

  const use = composite.entries.get('use');
  if (use === undefined) throw missingUse(doc, composite);
  if (value(composite, use) !== COMPOSITE_USE) {
    throw codedError(
      'INI_BAD_EXPORT',
      `${doc.file}:${use.line}: [${composite.name}] key 'use' got ${describeValue(value(composite, use))}, expected '${COMPOSITE_USE}'`,
    );
  }
  const listed: { section: string; placement: Placement; entry: IniEntry }[] = [];
  for (const entry of composite.entries.values()) {
    if (entry.key === 'use') continue;
    if (!Object.hasOwn(LISTS, entry.key)) {
      throw codedError(
        'INI_BAD_SETTING',
        `${doc.file}:${entry.line}: [${composite.name}] key '${entry.key}' is not one of use, main, threads, subprocesses, http, wsgi`,
      );
    }
    const placement = LISTS[entry.key as keyof typeof LISTS];
    const names = value(composite, entry)
      .split(/[\s,]+/)
      .filter(Boolean);
    if (placement === 'main' && names.length !== 1) {
      throw codedError(
        'INI_BAD_SETTING',
        `${doc.file}:${entry.line}: [${composite.name}] key 'main' got ${describeValue(value(composite, entry))}, expected the name of one [app:...] section`,
      );
    }
    for (const section of names) listed.push({ section, placement, entry });
  }
  if (!listed.some((l) => l.placement === 'main')) {
    throw codedError(
      'INI_BAD_SETTING',
      `${doc.file}:${composite.line}: [${composite.name}] has no key 'main' (the [app:...] section of the main gaplic)`,
    );
  }
  const order: Placement[] = ['main', 'thread', 'process', 'http'];
  listed.sort((a, b) => order.indexOf(a.placement) - order.indexOf(b.placement));
  const apps: AppPlan[] = [];
  for (const { section, placement, entry } of listed) {
    if (apps.some((a) => a.section === section)) {
      throw codedError(
        'INI_BAD_SETTING',
        `${doc.file}:${entry.line}: [${composite.name}] key '${entry.key}' lists [app:${section}] a second time`,
      );
    }
    const app = doc.sections.get(`app:${section}`);
    if (app === undefined) {
      throw codedError(
        'INI_UNKNOWN_SECTION',
        `${doc.file}:${entry.line}: [${composite.name}] key '${entry.key}' names [app:${section}], which is not in the file`,
      );
    }
    const plan = planApp(doc, app, placement, (e) => value(app, e));
    const twin = apps.find((a) => a.placement !== 'http' && a.name === plan.name);
    if (twin !== undefined && placement !== 'http') {
      throw codedError(
        'INI_BAD_SETTING',
        `${doc.file}:${plan.lines.get('name') ?? app.line}: [app:${section}] makes a gaplic named '${plan.name}', as [app:${twin.section}] does (names are unique in a composite)`,
      );
    }
    apps.push(plan);
  }
  const loggingSection = doc.sections.get('logging');
  const logging = planLogging(doc, loggingSection, (e) => value(loggingSection!, e));
  return { file: doc.file, here, globalConf, apps, logging };
}

function checkKind(doc: IniDocument, section: IniSection): void {
  if (/^(composite|app):[^:\s]+$/.test(section.name) || section.name === 'logging') return;
  throw codedError(
    'INI_UNKNOWN_SECTION',
    `${doc.file}:${section.line}: section [${section.name}] is of no known kind (expected [composite:<name>], [app:<name>], [logging] or [DEFAULT])`,
  );
}

function missingUse(doc: IniDocument, section: IniSection): Error {
  return codedError(
    'INI_MISSING_USE',
    `${doc.file}:${section.line}: section [${section.name}] has no key 'use' (expected 'use = ${section.name.startsWith('composite:') ? COMPOSITE_USE : 'call:<module>#<export>'}')`,
  );
}

function planApp(
  doc: IniDocument,
  section: IniSection,
  placement: Placement,
  value: (entry: IniEntry) => string,
): AppPlan {
  const at = (entry: IniEntry): string => `${doc.file}:${entry.line}: [${section.name}]`;
  const lines = new Map<string, number>([['', section.line]]);
  for (const entry of section.entries.values()) lines.set(entry.key, entry.line);
  const use = section.entries.get('use');
  if (use === undefined) throw missingUse(doc, section);
  const { module, exportName } = parseUse(doc, section, use, value(use));
  let name = section.name.slice('app:'.length);
  let roles: string[] = [];
  const settings: Record<string, string> = {};
  const worker: WorkerOptions = {};
  for (const entry of section.entries.values()) {
    const text = value(entry);
    if (entry.key === 'use') continue;
    if (entry.key === 'name') {
      if (text === '') throw badSetting(at(entry), 'name', text, 'a non-empty gaplic name');
      name = text;
    } else if (entry.key === 'roles') {
      roles = text.split(/[\s,]+/).filter(Boolean);
    } else if ((WORKER_KEYS as readonly string[]).includes(entry.key)) {
      if (placement !== 'thread' && placement !== 'process') {
        throw codedError(
          'INI_BAD_SETTING',
          `${at(entry)} key '${entry.key}' applies only to apps listed in 'threads' or 'subprocesses'`,
        );
      }
      workerOption(worker, entry.key as (typeof WORKER_KEYS)[number], text, at(entry));
    } else {
      settings[entry.key] = text;
    }
  }
  return {
    section: section.name.slice(4),
    placement,
    module,
    export: exportName,
    name,
    roles,
    settings,
    worker,
    lines,
  };
}

function badSetting(at: string, key: string, value: string, expected: string): Error {
  return codedError(
    'INI_BAD_SETTING',
    `${at} key '${key}' got ${describeValue(value)}, expected ${expected}`,
  );
}

function workerOption(
  worker: WorkerOptions,
  key: (typeof WORKER_KEYS)[number],
  text: string,
  at: string,
): void {
  if (key === 'restart') {
    if (text !== 'never' && text !== 'on-crash' && text !== 'always') {
      throw badSetting(at, key, text, "'never', 'on-crash' or 'always'");
    }
    worker.restart = text;
    return;
  }
  const number = Number(text);
  const integer = key === 'maxRestarts' || key === 'maxQueue';
  const ok =
    text !== '' &&
    Number.isFinite(number) &&
    (integer ? Number.isInteger(number) && number >= (key === 'maxRestarts' ? 0 : 1) : number > 0);
  if (!ok) {
    throw badSetting(
      at,
      key,
      text,
      integer ? `an integer >= ${key === 'maxRestarts' ? 0 : 1}` : 'a number > 0',
    );
  }
  worker[key] = number;
}

/** `call:<module>#<export>`: a path relative to the ini file, an absolute path or a package name. */
function parseUse(
  doc: IniDocument,
  section: IniSection,
  use: IniEntry,
  text: string,
): { module: string; exportName: string } {
  const at = `${doc.file}:${use.line}: [${section.name}]`;
  const match = /^call:([^#]+)(?:#(.+))?$/.exec(text);
  if (match === null) {
    throw codedError(
      'INI_BAD_MODULE',
      `${at} key 'use' got ${describeValue(text)}, expected 'call:<module>#<export>' (a path relative to the ini file, or a package name)`,
    );
  }
  const specifier = match[1]!.trim();
  const exportName = (match[2] ?? 'main').trim();
  if (!specifier.startsWith('.') && !isAbsolute(specifier))
    return { module: specifier, exportName };
  const module = resolve(dirname(doc.file), specifier);
  if (!existsSync(module)) {
    throw codedError(
      'INI_BAD_MODULE',
      `${at} key 'use': module '${specifier}' does not exist (${module})`,
    );
  }
  return { module, exportName };
}
