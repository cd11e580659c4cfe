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
import { Deferred, GAplic, routerOf, type GEvent } from '../../src/node.js';
import { Sample2 } from './sample2.js';

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
