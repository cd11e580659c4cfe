/**
 * The gaplic 'C' (role sea) of the router chain: the end of A → B → C. Its router
 * listens; B connects to it. Its gobj `clerk` takes `EV_ORDER` and answers the gobj that
 * sent it with `EV_RECEIPT`, addressed by that gobj's gaplic name: C has no route named
 * 'A', but A's event came through B, so C's router learned that A is behind B and sends
 * the answer there; B has a route named 'A'. C serves one peer: when it leaves, C stops.
 *
 *   node build/examples/router-chain/c.js [port] [--trace]        (port 0: any free port)
 */
import process from 'node:process';
import {
  Deferred,
  GAplic,
  GObj,
  checkFsm,
  originOf,
  routerOf,
  type GEvent,
} from '../../src/node.js';

function acOrder(clerk: Clerk, event: GEvent): void {
  const from = originOf(event)!; // where it came from, where it was going
  const { item, qty } = event.kw as { item: string; qty: number };
  clerk.orders += 1;
  console.log(
    `C: clerk got EV_ORDER (${qty} ${item}) from ${from.origin_gaplic}/${from.origin_gobj}, sent to role '${from.destination_role}'`,
  );
  // Back to the sender, by its gaplic name: the way its event came.
  clerk.gaplic!.sendEventOutside(from.origin_gaplic, '', from.origin_gobj, 'EV_RECEIPT', clerk, {
    order: clerk.orders,
    item,
    qty,
  });
}

function acNack(_clerk: Clerk, event: GEvent): void {
  console.log(`C: EV_NACK for '${String(event.kw.event_name)}': ${String(event.kw.error_message)}`);
}

const fsm = {
  eventList: ['EV_ORDER: top input', 'EV_NACK: bottom input'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_ORDER', acOrder, null],
      ['EV_NACK', acNack, null], // an answer that could not be delivered
    ],
  },
} as const;

export class Clerk extends GObj<typeof fsm> {
  static override fsm = checkFsm(fsm);
  orders = 0;
}

const args = process.argv.slice(2);
const c = new GAplic({
  name: 'C',
  roles: ['sea'],
  settings: {
    'router.server': true,
    'router.port': Number(args.find((a) => a !== '--trace') ?? 0),
    'router.traceRouter': args.includes('--trace'),
  },
});
c.createGObj('clerk', Clerk, c, { uniqueName: true });
const router = routerOf(c);

function stop(): void {
  if (router.destroyed) return;
  c.destroyGObj(router);
  c.stop();
}
router.subscribeEvent(
  'EV_NEW_DYNAMIC_ROUTE',
  new Deferred('joined', ({ event }: { event: GEvent }) => {
    const roles = event.kw.roles as string[];
    console.log(`C: '${String(event.kw.gaplic_name)}' connected (roles ${roles.join(', ')})`);
  }),
);
router.subscribeEvent(
  'EV_DYNAMIC_ROUTE_CLOSED',
  new Deferred('left', ({ event }: { event: GEvent }) => {
    console.log(`C: '${String(event.kw.route)}' left (${String(event.kw.reason)})`);
    c.addCallback(stop);
  }),
);

const running = c.start();
try {
  const server = (await router.listening)!;
  process.send?.({ url: server.url }); // to main.ts, which started us
  process.channel?.unref();
  process.once('disconnect', stop);
} catch {
  process.exitCode = 1; // LISTEN_FAILED is logged by the router
  stop();
}
await running;
