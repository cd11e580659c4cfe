/**
 * Read-only inspection of a gaplic by other gaplics (`gconsole`): its unique gobjs
 * (`EV_SHOW_GOBJS`) and one gobj's state, parameters and events (`EV_SHOW_GOBJ`), as
 * JSON data that crosses. A gaplic answers other gaplics only when its router's `inspect`
 * parameter is true: what a peer may otherwise ask the router gobj is `EV_SHOW_ROUTES`.
 * Parameters whose names say they hold a secret (tokens, passwords, keys, seeds) are
 * never shown.
 */
import type { EventMessage } from '../wire/messages.js';
import type { GObj } from '../gobj/gobj.js';
import { kMachine } from '../symbols.js';
import { crossingProblem } from '../util/crossable.js';
import { describeValue } from '../util/describe-value.js';
import type { GRouter } from './grouter.js';

/** One unique gobj, as `EV_SHOW_GOBJS` shows it. */
export interface GObjSummary {
  readonly name: string;
  readonly gclass: string;
  /** The current state, or `null` for a machine without states. */
  readonly state: string | null;
}

/** The unique gobjs of a gaplic (`EV_SHOW_GOBJS`), by name. */
export interface GObjsReport {
  readonly gaplic: string;
  readonly roles: readonly string[];
  readonly gobjs: readonly GObjSummary[];
}

/** One gobj in detail (`EV_SHOW_GOBJ`, kw `{ gobj: name }`). */
export interface GObjReport extends GObjSummary {
  readonly gaplic: string;
  /** The parent's name (`''`: unnamed), or `null` for a root. */
  readonly parent: string | null;
  readonly children: number;
  readonly states: readonly string[];
  readonly inputEvents: readonly string[];
  readonly outputEvents: readonly string[];
  /** Subscriptions to this gobj's output events (local and remote subscribers). */
  readonly subscriptions: number;
  /**
   * The `config` values; a value that is not JSON data is described as a string
   * (`'[function acX]'`), a secret as `'(hidden)'`.
   */
  readonly config: Readonly<Record<string, unknown>>;
}

/** What other gaplics may ask the router gobj. */
const REMOTE_INPUTS: ReadonlySet<string> = new Set([
  'EV_SHOW_ROUTES',
  'EV_SHOW_GOBJS',
  'EV_SHOW_GOBJ',
]);
const INSPECTION: ReadonlySet<string> = new Set(['EV_SHOW_GOBJS', 'EV_SHOW_GOBJ']);

/** Names of parameters that hold secrets: never shown. */
const SECRET = /token|password|passwd|secret|seed|creds|key$/i;

/**
 * Why the router refuses `message`, an event for it from another gaplic (the reason of
 * the nack), or null when it takes it.
 */
export function remoteRefusal(router: GRouter, message: EventMessage): string | null {
  const name = message.event_name;
  if (!REMOTE_INPUTS.has(name)) {
    return `the router takes only ${[...REMOTE_INPUTS].join(', ')} from other gaplics`;
  }
  if (!INSPECTION.has(name)) return null;
  if (router.config.inspect !== true) {
    return `inspection not allowed: the router parameter 'inspect' of gaplic '${router.host.name}' is false`;
  }
  if (name === 'EV_SHOW_GOBJ') {
    const gobj = message.kw.gobj;
    if (typeof gobj !== 'string' || router.host.findUniqueGObj(gobj) === undefined) {
      return `GObj ${typeof gobj === 'string' ? `'${gobj}'` : describeValue(gobj)} UNKNOWN`;
    }
  }
  return null;
}

function summary(name: string, gobj: GObj): GObjSummary {
  return { name, gclass: gobj.constructor.name, state: gobj.getCurrentState() };
}

/** The unique gobjs of the router's gaplic, by name. */
export function gobjsReport(router: GRouter): GObjsReport {
  const host = router.host;
  const gobjs: GObjSummary[] = [];
  for (const name of host.getUniqueNamedGObjs().sort()) {
    const gobj = host.findUniqueGObj(name);
    if (gobj !== undefined) gobjs.push(summary(name, gobj));
  }
  return { gaplic: host.name, roles: [...host.roles], gobjs };
}

/** The unique gobj `name` in detail, or null when there is none. */
export function gobjReport(router: GRouter, name: string): GObjReport | null {
  const gobj = router.host.findUniqueGObj(name);
  if (gobj === undefined) return null;
  const outputs = gobj.getOutputEventList();
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(gobj.readParameters())) {
    config[key] = shown(key, value);
  }
  const parent = gobj.parent;
  return {
    ...summary(name, gobj),
    gaplic: router.host.name,
    parent: parent === null ? null : parent.name,
    children: gobj.children.length,
    states: gobj[kMachine].states.map((s) => s.name),
    inputEvents: gobj.getEventList().filter((e) => !outputs.includes(e)),
    outputEvents: outputs,
    subscriptions: gobj.getSubscriptions().length,
    config,
  };
}

function shown(key: string, value: unknown): unknown {
  if (SECRET.test(key) && value !== '' && value !== null && value !== undefined) return '(hidden)';
  if (typeof value === 'function') return `[function ${value.name || '(anonymous)'}]`;
  return crossingProblem(value) === null ? value : describeValue(value);
}
