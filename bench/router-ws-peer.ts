/**
 * The remote gaplic of the `router-ws` benchmark, in a child process: gaplic `B` (role
 * `bee`), a router server on a free port of 127.0.0.1 (protocol 2; a client that does
 * not offer v2 speaks v1 with it), and a `sink` gobj that counts EV_HIT, answers EV_COUNT
 * with the count and EV_PING with its `n`. Tells the parent its URL (`{ url }`) and
 * exits when the parent goes away.
 */
import { GAplic, GObj, routerOf, silentLogger, type GEvent } from '../src/node.js';

function acHit(sink: Sink, _event: GEvent): void {
  sink.count++;
}

function acCount(sink: Sink, _event: GEvent): number {
  return sink.count;
}

function acPing(_sink: Sink, event: GEvent): unknown {
  return event.kw.n;
}

const sinkFsm = {
  eventList: ['EV_HIT: top input', 'EV_COUNT: top input', 'EV_PING: top input'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_HIT', acHit, null],
      ['EV_COUNT', acCount, null],
      ['EV_PING', acPing, null],
    ],
  },
} as const;

class Sink extends GObj<typeof sinkFsm> {
  static override fsm = sinkFsm;
  count = 0;
}

const b = new GAplic({
  name: 'B',
  roles: ['bee'],
  logger: silentLogger,
  // Faults (none expected) go to stderr; the parent's output stays its rows.
  onFault: (fault) => console.error(`B: [${fault.code}] ${fault.message}`),
  settings: { 'router.server': true, 'router.port': 0 },
});
b.createGObj('sink', Sink, b, { uniqueName: true });
const server = (await routerOf(b).listening)!;
void b.start();
process.send!({ url: server.url });
process.on('disconnect', () => process.exit(0));
