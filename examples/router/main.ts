/**
 * ginsfsm's router example, over WebSocket: two gaplics in two processes. This process
 * runs 'TITI' (role titi) and starts 'TOTO' (role toto, `toto.ts`) as a child process
 * whose router listens on a port; TITI has a static route to it. TITI's gobj `sample1`
 * subscribes to `EV_MESSAGE` of TOTO's `sample2`, sends it `EV_SET_TIMEOUT`, and sends it
 * again at each broadcast it receives; after the third it unsubscribes, asks sample2 for
 * its status (a response), and leaves. TOTO stops when TITI has left; then this exits.
 *
 *   npm run compile && node build/examples/router/main.js [port] [--trace] [--v1]
 *   node build/examples/router/main.js ws://127.0.0.1:2690     (a TOTO already running)
 *
 * port: TOTO's port (default 0: any free port). --trace: every message in and out.
 * --v1: TITI speaks only protocol v1, ginsfsm 0.7's (one event in flight, one frame each).
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
  type GConfigTemplate,
  type GEvent,
} from '../../src/node.js';

function acBegin(sample1: Sample1, _event: GEvent): void {
  const titi = sample1.gaplic!;
  // Broadcasts of EV_MESSAGE by TOTO's sample2 now reach sample1 (an output event there,
  // an input event here).
  titi.subscribeEventOutside('TOTO', '', 'sample2', 'EV_MESSAGE', sample1);
  titi.sendEventOutside('TOTO', '', 'sample2', 'EV_SET_TIMEOUT', sample1, {
    timeout: sample1.config.timeout,
  });
}

function acRouteOpened(_sample1: Sample1, event: GEvent): void {
  const roles = event.kw.roles as string[];
  console.log(`TITI: static route to '${String(event.kw.route)}' open (roles ${roles.join(', ')})`);
}

function acMessage(sample1: Sample1, event: GEvent): void {
  const from = originOf(event)!;
  const count = Number(event.kw.count);
  console.log(
    `TITI: sample1 got EV_MESSAGE #${count} from ${from.origin_gaplic}/${from.origin_gobj}`,
  );
  const titi = sample1.gaplic!;
  if (count < sample1.config.times) {
    titi.sendEventOutside('TOTO', '', 'sample2', 'EV_SET_TIMEOUT', sample1, {
      timeout: sample1.config.timeout,
    });
    return;
  }
  titi.unsubscribeEventOutside('TOTO', '', 'sample2', 'EV_MESSAGE', sample1);
  // After the unsubscription (FIFO between two gaplics); the return comes back.
  titi.sendEventOutside('TOTO', '', 'sample2', 'EV_GET_STATUS', sample1, {
    __subscribe_response__: true,
  });
}

function acStatus(sample1: Sample1, event: GEvent): void {
  const status = event.kw.__action_return__ as { broadcasts: number; subscribers: number };
  console.log(
    `TITI: sample2 has broadcast ${status.broadcasts} times and has ${status.subscribers} subscribers left`,
  );
  sample1.broadcastEvent('EV_DONE');
}

function acNack(_sample1: Sample1, event: GEvent): void {
  console.log(
    `TITI: EV_NACK for '${String(event.kw.event_name)}': ${String(event.kw.error_message)}`,
  );
}

const fsm = {
  eventList: [
    'EV_BEGIN: top input',
    'EV_STATIC_ROUTE_OPENED: bottom input',
    'EV_MESSAGE: bottom input',
    'EV_GET_STATUS: bottom input',
    'EV_NACK: bottom input',
    'EV_DONE: top output',
  ],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_BEGIN', acBegin, null],
      ['EV_STATIC_ROUTE_OPENED', acRouteOpened, null], // from TITI's router
      ['EV_MESSAGE', acMessage, null], // sample2's broadcasts
      ['EV_GET_STATUS', acStatus, null], // sample2's response
      ['EV_NACK', acNack, null], // an event that could not be delivered
    ],
  },
} as const;

const gconfig = {
  timeout: { type: 'float', default: 0.1, description: 'Seconds of the timeouts asked of TOTO' },
  times: { type: 'int', default: 3, description: 'Messages received before unsubscribing' },
} as const satisfies GConfigTemplate;

class Sample1 extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
}

/** Starts toto.js as a child process; resolves with the URL its router listens on. */
function startToto(port: string, trace: boolean) {
  const child = fork(new URL('./toto.js', import.meta.url), [port, ...(trace ? ['--trace'] : [])]);
  const url = new Promise<string>((resolve, reject) => {
    child.once('message', (message: { url: string }) => resolve(message.url));
    child.once('exit', (code) => reject(new Error(`TOTO exited with code ${code}`)));
  });
  return { child, url };
}

const args = process.argv.slice(2);
const trace = args.includes('--trace');
const target = args.find((a) => !a.startsWith('--')) ?? '0';
const toto = /^wss?:\/\//.test(target) ? null : startToto(target, trace);
const url = toto === null ? target : await toto.url;

const titi = new GAplic({
  name: 'TITI',
  roles: ['titi'],
  settings: {
    // ginsfsm's static routes string: 'name, role1+role2, url1+url2; ...'
    'router.staticRoutes': `TOTO, toto, ${url}`,
    'router.traceRouter': trace,
    'router.protocol': args.includes('--v1') ? 1 : 2, // 1: ginsfsm 0.7's protocol only
  },
});
const sample1 = titi.createGObj('sample1', Sample1, titi, { uniqueName: true });
const router = routerOf(titi); // the gaplic's unique gobj 'router': it connects to TOTO
router.subscribeEvent('EV_STATIC_ROUTE_OPENED', sample1);
const done = new Promise<void>((resolve) => {
  sample1.subscribeEvent('EV_DONE', new Deferred('done', () => resolve()));
});
toto?.child.once('exit', (code) => {
  if (titi.running) {
    console.log(`TITI: TOTO exited early (code ${code})`);
    process.exitCode = 1;
    titi.stop();
  }
});

const running = titi.start();
titi.postEvent(sample1, 'EV_BEGIN'); // events wait in the route until TOTO answers
await Promise.race([done, running]); // sample1 is done, or TOTO went away
// Leave once every event sent is acked, and on a later turn of the loop than the one
// that brought the response (its ack leaves at the end of that turn): nothing is lost.
do {
  await new Promise((resolve) => setTimeout(resolve, 5));
} while (router.routes.some((r) => r.inflight > 0 && r.state === 'up'));
// The routes report: one route, with its counters.
const [route] = router.report().routes;
const { sent, received, acked, nacked } = route!.counters;
console.log(
  `TITI: route to '${route!.name}': protocol ${route!.protocol}, events sent ${sent}, received ${received}, acked ${acked}, nacked ${nacked}`,
);
titi.destroyGObj(router); // closes the connection: TOTO sees TITI leave
titi.stop();
await running;
if (toto !== null && toto.child.exitCode === null) {
  const code = await new Promise<number | null>((resolve) => toto.child.once('exit', resolve));
  console.log(`TITI: TOTO exited with code ${code}`);
}
