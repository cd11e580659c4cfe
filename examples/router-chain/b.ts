/**
 * The gaplic 'B' (role bee) of the router chain, in the middle of A → B → C: its router
 * listens for A and has a static route to C, added with `EV_ADD_STATIC_ROUTE`. B has no
 * gobj of its own: it forwards (store and forward). Its identity card ack to A announces
 * `*sea` (C's role, reached through B's static route); when A connects, B sends C a new
 * identity card announcing `^ay` (A's role, reached back through B). B serves one peer:
 * when it leaves, B stops (and C sees B leave).
 *
 *   node build/examples/router-chain/b.js <C's url> [port] [--trace]
 */
import process from 'node:process';
import { Deferred, GAplic, routerOf, type GEvent } from '../../src/node.js';

const args = process.argv.slice(2);
const [cUrl, port = '0'] = args.filter((a) => a !== '--trace');
if (cUrl === undefined) {
  console.error("usage: b.js <C's url> [port] [--trace]");
  process.exit(2);
}

const b = new GAplic({
  name: 'B',
  roles: ['bee'],
  settings: {
    'router.server': true,
    'router.port': Number(port),
    'router.traceRouter': args.includes('--trace'),
  },
});
const router = routerOf(b);

function stop(): void {
  if (router.destroyed) return;
  b.destroyGObj(router); // closes its server, and its route to C: C sees B leave
  b.stop();
}

// A static route given as data (ginsfsm's EV_ADD_STATIC_ROUTE); returns the route's id.
b.sendEvent(router, 'EV_ADD_STATIC_ROUTE', { name: 'C', roles: ['sea'], urls: [cUrl] });

const opened = new Promise<void>((resolve) => {
  router.subscribeEvent(
    'EV_STATIC_ROUTE_OPENED',
    new Deferred('opened', ({ event }: { event: GEvent }) => {
      const roles = event.kw.roles as string[];
      console.log(
        `B: static route to '${String(event.kw.route)}' open (roles ${roles.join(', ')})`,
      );
      resolve();
    }),
  );
});
router.subscribeEvent(
  'EV_NEW_DYNAMIC_ROUTE',
  new Deferred('joined', ({ event }: { event: GEvent }) => {
    const roles = event.kw.roles as string[];
    console.log(`B: '${String(event.kw.gaplic_name)}' connected (roles ${roles.join(', ')})`);
  }),
);
router.subscribeEvent(
  'EV_DYNAMIC_ROUTE_CLOSED',
  new Deferred('left', ({ event }: { event: GEvent }) => {
    console.log(`B: '${String(event.kw.route)}' left (${String(event.kw.reason)})`);
    b.addCallback(stop);
  }),
);

const running = b.start();
try {
  const server = (await router.listening)!;
  await opened; // ready when it listens and reaches C
  process.send?.({ url: server.url });
  process.channel?.unref();
  process.once('disconnect', stop);
} catch {
  process.exitCode = 1;
  stop();
}
await running;
