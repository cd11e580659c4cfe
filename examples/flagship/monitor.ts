/**
 * The flagship's monitor, in the main gaplic 'Demo': it collects what the other gaplics
 * tell it — Stress's progress and report (sent to the role 'front'), Echo's figures (a
 * subscription to its broadcasts) — prints a line per progress and the final table, and
 * keeps the figures the status page shows. When Stress has reported, it asks Echo for its
 * last figures, prints the table and stops the tree (`shutdown()`), which ends gserve.
 *
 *   ST_RUNNING ──EV_REPORT──▶ ST_CLOSING ──EV_GET_STATS (Echo's answer, or its nack)──▶ ST_DONE
 */
import { GObj, GRouter, checkFsm, shutdown, type GEvent, type RouteInfo } from '../../src/node.js';
import type { EchoStats, Placement, StressProgress, StressReport } from './messages.js';
import { whereAmI } from './placement.js';
import { count, finalTable, progressLine, type FinalFigures } from './report.js';

function acBegin(monitor: Monitor): void {
  // Echo's broadcasts of EV_ECHO_STATS now reach the monitor, wherever Echo runs.
  monitor.gaplic!.subscribeEventOutside('', 'echo', 'echo', 'EV_ECHO_STATS', monitor);
}

function acListening(_monitor: Monitor, event: GEvent): void {
  const url = String(event.kw.url);
  console.log(`flagship: status page on ${url}/ (JSON on /status)`);
}

/** What a gaplic sent, without what the routers added (origin, subscription reference). */
function sentData<T>(event: GEvent): T {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event.kw)) {
    if (!key.startsWith('__') && key !== 'original_event_name') data[key] = value;
  }
  return data as T;
}

function acProgress(monitor: Monitor, event: GEvent): void {
  const progress = sentData<StressProgress>(event);
  if (monitor.stress === null) {
    const { connections, total, placement, id } = progress;
    const rounds = total === 0 ? 'until Ctrl-C' : `${count(total / connections)} round trips each`;
    console.log(
      `flagship: Stress (${placement} ${id}): ${connections} connections to Echo, ${rounds}`,
    );
  }
  monitor.stress = progress;
  monitor.keepRoutes();
  console.log(progressLine(progress));
}

function acEchoStats(monitor: Monitor, event: GEvent): void {
  const echo = sentData<EchoStats>(event);
  if (monitor.echo === null) {
    console.log(`flagship: Echo (${echo.placement} ${echo.id}) echoing on ${echo.address}`);
  }
  monitor.echo = echo;
}

function acReport(monitor: Monitor, event: GEvent): void {
  monitor.stress = sentData<StressReport>(event);
  const demo = monitor.gaplic!;
  demo.unsubscribeEventOutside('', 'echo', 'echo', 'EV_ECHO_STATS', monitor);
  // Echo's count of bytes echoed, now that every echo has come back (after the
  // unsubscription: FIFO between two gaplics, so no broadcast follows the answer).
  demo.sendEventOutside('', 'echo', 'echo', 'EV_GET_STATS', monitor, {
    __subscribe_response__: true,
  });
}

function acFinalStats(monitor: Monitor, event: GEvent): void {
  monitor.echo = event.kw.__action_return__ as EchoStats;
  monitor.finish();
}

function acNack(monitor: Monitor, event: GEvent): void {
  monitor.logger.warn(
    `flagship: '${String(event.kw.event_name)}' was not delivered: ${String(event.kw.error_message)}`,
  );
  if (event.kw.event_name === 'EV_GET_STATS') {
    // No last figures from Echo: the table shows those of its last broadcast.
    monitor.setNewState('ST_DONE');
    monitor.finish();
  }
}

const fsm = {
  eventList: [
    'EV_BEGIN: top input',
    'EV_LISTENING: bottom input',
    'EV_PROGRESS: top input',
    'EV_REPORT: top input',
    'EV_ECHO_STATS: bottom input',
    'EV_GET_STATS: bottom input',
    'EV_NACK: bottom input',
  ],
  stateList: ['ST_RUNNING', 'ST_CLOSING', 'ST_DONE'],
  machine: {
    ST_RUNNING: [
      ['EV_BEGIN', acBegin, null],
      ['EV_LISTENING', acListening, null], // the status page's server
      ['EV_PROGRESS', acProgress, null],
      ['EV_ECHO_STATS', acEchoStats, null],
      ['EV_REPORT', acReport, 'ST_CLOSING'],
      ['EV_NACK', acNack, null],
    ],
    ST_CLOSING: [
      ['EV_GET_STATS', acFinalStats, 'ST_DONE'], // Echo's answer
      ['EV_ECHO_STATS', null, null],
      ['EV_NACK', acNack, null],
    ],
    ST_DONE: [
      ['EV_ECHO_STATS', null, null],
      ['EV_NACK', acNack, null],
    ],
  },
} as const;

export class Monitor extends GObj<typeof fsm> {
  static override fsm = checkFsm(fsm);
  stress: StressProgress | StressReport | null = null;
  echo: EchoStats | null = null;
  #printed = false;
  #routesKept: RouteInfo[] = [];

  /**
   * Prints the final table and stops the whole tree: the workers first, while Demo still
   * answers them, then Demo, which ends gserve.
   */
  finish(): void {
    this.#print();
    void shutdown();
  }

  /** Stopped by a signal before the end: the table of what it had. */
  override goOut(): void {
    this.#print();
  }

  /** Where each gaplic runs: Demo here, the others as they said. */
  get placements(): Record<string, Placement | null> {
    return {
      Demo: whereAmI(),
      Echo: this.echo === null ? null : { placement: this.echo.placement, id: this.echo.id },
      Stress:
        this.stress === null ? null : { placement: this.stress.placement, id: this.stress.id },
    };
  }

  figures(): FinalFigures {
    const routes = this.routes();
    return {
      stress: this.stress,
      echo: this.echo,
      // Stopped by a signal, the workers' routes are gone: those of the last progress.
      routes: routes.length > 0 ? routes : this.#routesKept,
    };
  }

  /** Keeps the routes' figures, for a table printed once they are gone. */
  keepRoutes(): void {
    this.#routesKept = this.routes();
  }

  /** The main gaplic's routes (one per worker), and the events each carried. */
  routes(): RouteInfo[] {
    // Found, not made: at the end the router may be gone before the monitor.
    const router = this.gaplic!.findUniqueGObj('router');
    if (!(router instanceof GRouter) || router.destroyed) return [];
    return [...router.report().routes];
  }

  #print(): void {
    if (this.#printed) return;
    this.#printed = true;
    process.stdout.write(finalTable(this.figures()));
  }
}
