/**
 * A chain of three gaplics in three processes, A → B → C: this process runs 'A' (role
 * ay) and starts 'C' (role sea, `c.ts`) and 'B' (role bee, `b.ts`) as child processes.
 * A has a static route to B, B a static route to C; nobody has a route to both ends.
 *
 * - Roles travel: B's identity card ack tells A `*sea` (C's role, behind B), and B's new
 *   identity card tells C `^ay` (A's role, back through B).
 * - Store and forward: A's `desk` sends `EV_ORDER` to role 'sea' (through B); C's
 *   `clerk` answers A's desk by name (through B).
 * - The desk asks B's router, then C's, for its routes report (`EV_SHOW_ROUTES`, with a
 *   response), prints them and its own, and A leaves; B stops when A has left, C when B
 *   has; then this exits.
 *
 *   npm run compile && node build/examples/router-chain/main.js [--trace]
 */
import { fork } from 'node:child_process';
import process from 'node:process';
import {
  Deferred,
  GAplic,
  GObj,
  checkFsm,
  originOf,
  routerOf,
  type GEvent,
  type RouteReport,
} from '../../src/node.js';

/** One line per route of a routes report. */
function printReport(report: RouteReport): void {
  console.log(`A: routes of ${report.gaplic} (roles ${report.roles.join(', ')}):`);
  for (const route of report.routes) {
    const { sent, received, acked, nacked } = route.counters;
    console.log(
      `A:   to '${route.name}': ${route.kind}, ${route.state}, protocol ${route.protocol}, roles ${route.roles.join(' ')}; events sent ${sent}, received ${received}, acked ${acked}, nacked ${nacked}`,
    );
  }
}

function acRouteOpened(desk: Desk, event: GEvent): void {
  const roles = event.kw.roles as string[];
  console.log(`A: static route to '${String(event.kw.route)}' open (roles ${roles.join(', ')})`);
  // By role: A has no route with the role 'sea', but B said it reaches it ('*sea').
  desk.gaplic!.sendEventOutside('', 'sea', 'clerk', 'EV_ORDER', desk, { item: 'tea', qty: 2 });
}

function acReceipt(desk: Desk, event: GEvent): void {
  const from = originOf(event)!;
  const { order, item, qty } = event.kw as { order: number; item: string; qty: number };
  console.log(
    `A: desk got EV_RECEIPT from ${from.origin_gaplic}/${from.origin_gobj}: order ${order}, ${qty} ${item}`,
  );
  // The routes report of a remote router: its EV_SHOW_ROUTES, with a response.
  desk.gaplic!.sendEventOutside('B', '', 'router', 'EV_SHOW_ROUTES', desk, {
    __subscribe_response__: true,
  });
}

function acReportOfB(desk: Desk, event: GEvent): void {
  printReport(event.kw.__action_return__ as RouteReport); // B's report
  // C's router, by role: A has no route named 'C'.
  desk.gaplic!.sendEventOutside('', 'sea', 'router', 'EV_SHOW_ROUTES', desk, {
    __subscribe_response__: true,
  });
}

function acReportOfC(desk: Desk, event: GEvent): void {
  printReport(event.kw.__action_return__ as RouteReport); // C's report
  desk.broadcastEvent('EV_DONE');
}

function acNack(_desk: Desk, event: GEvent): void {
  console.log(`A: EV_NACK for '${String(event.kw.event_name)}': ${String(event.kw.error_message)}`);
}

const fsm = {
  eventList: [
    'EV_STATIC_ROUTE_OPENED: bottom input',
    'EV_RECEIPT: bottom input',
    'EV_SHOW_ROUTES: bottom input',
    'EV_NACK: bottom input',
    'EV_DONE: top output',
  ],
  stateList: ['ST_WAIT_ROUTE', 'ST_WAIT_RECEIPT', 'ST_WAIT_B', 'ST_WAIT_C', 'ST_DONE'],
  machine: {
    ST_WAIT_ROUTE: [['EV_STATIC_ROUTE_OPENED', acRouteOpened, 'ST_WAIT_RECEIPT']],
    ST_WAIT_RECEIPT: [
      ['EV_RECEIPT', acReceipt, 'ST_WAIT_B'],
      ['EV_NACK', acNack, null],
    ],
    ST_WAIT_B: [
      ['EV_SHOW_ROUTES', acReportOfB, 'ST_WAIT_C'], // B's response
      ['EV_NACK', acNack, null],
    ],
    ST_WAIT_C: [
      ['EV_SHOW_ROUTES', acReportOfC, 'ST_DONE'], // C's response
      ['EV_NACK', acNack, null],
    ],
    ST_DONE: [],
  },
} as const;

class Desk extends GObj<typeof fsm> {
  static override fsm = checkFsm(fsm);
}

/** Starts a gaplic of the chain as a child process; `url`: where its router listens. */
function start(name: string, file: string, args: readonly string[]) {
  const child = fork(new URL(file, import.meta.url), [...args]);
  const url = new Promise<string>((resolve, reject) => {
    child.once('message', (message: { url: string }) => resolve(message.url));
    child.once('exit', (code) => reject(new Error(`${name} exited with code ${code}`)));
  });
  return { name, child, url };
}

const trace = process.argv.includes('--trace') ? ['--trace'] : [];
const c = start('C', './c.js', ['0', ...trace]); // port 0: any free port
const b = start('B', './b.js', [await c.url, '0', ...trace]); // B connects to C
const bUrl = await b.url; // once B listens and its route to C is open

const a = new GAplic({
  name: 'A',
  roles: ['ay'],
  settings: {
    'router.staticRoutes': `B, bee, ${bUrl}`,
    // Take the roles B announces besides 'bee' ('*sea'): A can then send to role 'sea'.
    'router.updateUnknownRoles': true,
    'router.traceRouter': trace.length > 0,
  },
});
const desk = a.createGObj('desk', Desk, a, { uniqueName: true });
const router = routerOf(a);
router.subscribeEvent('EV_STATIC_ROUTE_OPENED', desk);
const done = new Promise<void>((resolve) => {
  desk.subscribeEvent('EV_DONE', new Deferred('done', () => resolve()));
});
for (const { child } of [b, c]) {
  child.once('exit', (code) => {
    if (!a.running) return;
    console.log(`A: a child exited early (code ${code})`);
    process.exitCode = 1;
    a.stop();
  });
}

const running = a.start();
await Promise.race([done, running]);
// Leave once every event sent is acked, on a later turn than the last response.
do {
  await new Promise((resolve) => setTimeout(resolve, 5));
} while (router.routes.some((r) => r.inflight > 0 && r.state === 'up'));
printReport(router.report()); // A's own
a.destroyGObj(router); // A leaves: B sees it and stops, then C sees B leave and stops
a.stop();
await running;
for (const { name, child } of [b, c]) {
  const code = child.exitCode ?? (await new Promise((resolve) => child.once('exit', resolve)));
  console.log(`A: ${name} exited with code ${String(code)}`);
}
