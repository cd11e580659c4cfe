/** How `gconsole` prints what the target answers: tables and short lines of JSON. */
import type { Kw } from '../gobj/gevent.js';
import { describeValue } from '../util/describe-value.js';
import type { GObjReport, GObjsReport } from '../router/inspect.js';
import type { RouteReport } from '../router/report.js';
import type { HeardEvent } from './gconsole-session.js';
import { table } from './text-table.js';

/** A value as one line of JSON (`undefined`: `(nothing)`). */
export function json(value: unknown): string {
  return value === undefined ? '(nothing)' : (JSON.stringify(value) ?? describeValue(value));
}

/** The routes report of the target's router. */
export function formatRoutes(report: RouteReport): string {
  const rows = report.routes.map((r) => [
    String(r.id),
    r.name,
    r.roles.join('+'),
    r.kind,
    r.state,
    String(r.protocol),
    String(r.counters.sent),
    String(r.counters.received),
    String(r.counters.nacked),
    String(r.inflight),
    String(r.queued),
    r.url ?? '',
  ]);
  return [
    `${report.gaplic} (roles ${report.roles.join(', ') || 'none'}): ${report.routes.length} routes, ${report.externalSubscriptions} subscriptions of other gaplics`,
    ...table(
      [
        'id',
        'name',
        'roles',
        'kind',
        'state',
        'protocol',
        'sent',
        'received',
        'nacked',
        'inflight',
        'queued',
        'url',
      ],
      rows,
    ),
  ].join('\n');
}

/** The unique gobjs of the target. */
export function formatGObjs(report: GObjsReport): string {
  return [
    `${report.gaplic}: ${report.gobjs.length} unique gobjs`,
    ...table(
      ['name', 'gclass', 'state'],
      report.gobjs.map((g) => [g.name, g.gclass, g.state ?? '-']),
    ),
  ].join('\n');
}

/** One gobj of the target in detail. */
export function formatGObj(report: GObjReport): string {
  const config = Object.entries(report.config).map(([key, value]) => [key, json(value)]);
  return [
    `${report.gaplic}/${report.name}: ${report.gclass} in state ${report.state ?? '-'}`,
    `  parent: ${report.parent === null ? '(none)' : report.parent || '(unnamed)'}, children: ${report.children}, subscriptions: ${report.subscriptions}`,
    `  states: ${report.states.join(', ') || '(none)'}`,
    `  input events: ${report.inputEvents.join(', ') || '(none)'}`,
    `  output events: ${report.outputEvents.join(', ') || '(none)'}`,
    '  config:',
    ...table(['parameter', 'value'], config).map((l) => `    ${l}`),
  ].join('\n');
}

/** The answer to `send`. */
export function formatReturn(event: string, value: unknown): string {
  return `${event} -> ${json(value)}`;
}

/** A broadcast that arrived, with the time (UTC) it did. */
export function formatHeard(heard: HeardEvent, at: Date = new Date()): string {
  const kw: Kw = heard.kw;
  return `${at.toISOString().slice(11, 23)} ${heard.gaplic}/${heard.gobj} ${heard.event} ${json(kw)}`;
}
