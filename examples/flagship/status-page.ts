/**
 * The flagship's status page: a gclass application of the composite's `http` app (the
 * ini's `[app:status]`, served by a GHttpServer). Each request arrives as
 * `EV_HTTP_REQUEST`; `/` answers a page that polls `/status`, `/status` the monitor's
 * figures as JSON.
 */
import {
  GObj,
  checkFsm,
  type GConfigTemplate,
  type GEvent,
  type GHttpServerKw,
} from '../../src/node.js';
import type { EchoStats, Placement, Percentiles } from './messages.js';
import type { Monitor } from './monitor.js';
import { STATUS_HTML } from './status-html.js';

/** The http app of `[app:status]`: the gobj of that unique name answers. */
export const statusApp = 'gobj:status_page';

/** One gaplic of the tree, as `/status` shows it. */
export interface GaplicStatus {
  readonly name: string;
  readonly roles: readonly string[];
  /** Where it runs, as it said (null until it has). */
  readonly placement: Placement | null;
  /** 'running' for Demo; for the others, the state of Demo's route to them ('up', ...). */
  readonly state: string;
  /** Events Demo sent it and received from it. */
  readonly events: { readonly sent: number; readonly received: number } | null;
}

/** The JSON of `/status`. */
export interface Status {
  readonly phase: 'starting' | 'asking' | 'running' | 'done';
  readonly elapsed: number;
  readonly connections: { readonly asked: number; readonly open: number };
  readonly messages: {
    readonly done: number;
    readonly total: number;
    readonly rate: number;
    readonly errors: number;
  };
  readonly latencyMs: Percentiles | null;
  readonly echo: EchoStats | null;
  readonly gaplics: readonly GaplicStatus[];
}

function acRequest(page: StatusPage, event: GEvent): void {
  const { request, server } = event.kw as GHttpServerKw['EV_HTTP_REQUEST'];
  const answer = (status: number, body: unknown, type: string): void => {
    page.sendEvent(server, 'EV_HTTP_RESPONSE', {
      requestId: request.id,
      status,
      headers: { 'content-type': type, 'cache-control': 'no-store' },
      body,
    });
  };
  if (request.path === '/') answer(200, STATUS_HTML, 'text/html; charset=utf-8');
  else if (request.path === '/status') answer(200, page.status(), 'application/json');
  else answer(404, `no page ${request.path}\n`, 'text/plain; charset=utf-8');
}

const fsm = {
  eventList: ['EV_HTTP_REQUEST'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_HTTP_REQUEST', acRequest, null]] },
} as const;

const gconfig = {
  monitor: { type: 'any', default: null as Monitor | null, description: 'Whose figures it shows' },
} as const satisfies GConfigTemplate;

export class StatusPage extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;

  status(): Status {
    const monitor = this.config.monitor!;
    const { stress, echo } = monitor;
    const routes = monitor.routes();
    const placements = monitor.placements;
    const gaplics: GaplicStatus[] = [
      {
        name: this.gaplic!.name,
        roles: this.gaplic!.roles,
        placement: placements.Demo ?? null,
        state: 'running',
        events: null,
      },
      ...routes.map((r) => ({
        name: r.name,
        roles: r.roles,
        placement: placements[r.name] ?? null,
        state: r.state,
        events: { sent: r.counters.sent, received: r.counters.received },
      })),
    ];
    return {
      phase: stress?.phase ?? 'starting',
      elapsed: stress?.elapsed ?? 0,
      connections: { asked: stress?.connections ?? 0, open: stress?.open ?? 0 },
      messages: {
        done: stress?.done ?? 0,
        total: stress?.total ?? 0,
        rate: stress?.rate ?? 0,
        errors: stress?.errors ?? 0,
      },
      latencyMs: stress?.latencyMs ?? null,
      echo,
      gaplics,
    };
  }
}
