/**
 * The gaplic 'TOTO' (role toto) of the router example: its router listens for peer
 * routers, and its gobj `sample2` arms a timer on `EV_SET_TIMEOUT` and broadcasts
 * `EV_MESSAGE` when it expires. TOTO serves one peer: when it leaves, TOTO stops.
 *
 * `main.ts` starts it as a child process (and learns its URL over the IPC channel); it
 * also runs alone, for `main.js ws://127.0.0.1:2690` in another terminal:
 *
 *   node build/examples/router/toto.js [port] [--trace]      (port 0: any free port)
 */
import process from 'node:process';
import {
  Deferred,
  GAplic,
  GObj,
  GTimer,
  checkFsm,
  originOf,
  routerOf,
  type GEvent,
  type Kw,
} from '../../src/node.js';

function acSetTimeout(sample2: Sample2, event: GEvent): void {
  const seconds = Number(event.kw.timeout);
  const from = originOf(event); // who sent it: { origin_gaplic: 'TITI', ... }
  console.log(
    `TOTO: sample2 sets a timeout of ${seconds} s for ${from?.origin_gaplic}/${from?.origin_gobj}`,
  );
  sample2.sendEvent(sample2.timer!, 'EV_SET_TIMER', { seconds });
}

function acTimeout(sample2: Sample2, _event: GEvent): void {
  sample2.broadcasts += 1;
  const count = sample2.broadcasts;
  console.log(`TOTO: sample2 broadcasts EV_MESSAGE #${count}`);
  // To local subscribers and, through the router, to remote ones.
  sample2.broadcastEvent('EV_MESSAGE', { count });
}

function acGetStatus(sample2: Sample2, _event: GEvent): Kw {
  // The action's return: the response of a sender that asked for one.
  return { broadcasts: sample2.broadcasts, subscribers: sample2.getSubscriptions().length };
}

const fsm = {
  eventList: [
    'EV_SET_TIMEOUT: top input',
    'EV_GET_STATUS: top input',
    'EV_TIMEOUT: bottom input',
    'EV_MESSAGE: top output',
  ],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_SET_TIMEOUT', acSetTimeout, null],
      ['EV_GET_STATUS', acGetStatus, null],
      ['EV_TIMEOUT', acTimeout, null], // from its GTimer
    ],
  },
} as const;

export class Sample2 extends GObj<typeof fsm> {
  static override fsm = checkFsm(fsm);
  timer: GTimer | null = null;
  broadcasts = 0;

  override startUp(): void {
    this.timer = this.createGObj('timer', GTimer, this);
  }
}

const args = process.argv.slice(2);
const port = Number(args.find((a) => a !== '--trace') ?? 2690);

const toto = new GAplic({
  name: 'TOTO',
  roles: ['toto'],
  settings: {
    'router.server': true, // listen for peer routers
    'router.port': port,
    'router.traceRouter': args.includes('--trace'),
  },
});
toto.createGObj('sample2', Sample2, toto, { uniqueName: true }); // found by its name
const router = routerOf(toto); // the gaplic's unique gobj 'router'

/** Stops TOTO: destroying its router closes the server and its connections. */
function stop(): void {
  if (router.destroyed) return;
  toto.destroyGObj(router);
  toto.stop();
}

// The router's output events, to code outside any gobj through Deferreds.
router.subscribeEvent(
  'EV_NEW_DYNAMIC_ROUTE',
  new Deferred('joined', ({ event }: { event: GEvent }) => {
    const roles = event.kw.roles as string[];
    console.log(`TOTO: '${String(event.kw.gaplic_name)}' connected (roles ${roles.join(', ')})`);
  }),
);
router.subscribeEvent(
  'EV_DYNAMIC_ROUTE_CLOSED',
  new Deferred('left', ({ event }: { event: GEvent }) => {
    console.log(`TOTO: '${String(event.kw.route)}' left (${String(event.kw.reason)})`);
    toto.addCallback(stop); // after this broadcast
  }),
);

const running = toto.start();
try {
  const server = (await router.listening)!;
  // Started by main.ts: tell it where to connect, and stop if it goes away.
  process.send?.({ url: server.url });
  process.channel?.unref(); // the channel does not keep this process alive
  process.once('disconnect', stop);
} catch {
  process.exitCode = 1; // LISTEN_FAILED is logged by the router (a port in use?)
  stop();
}
await running;
