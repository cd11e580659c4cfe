/**
 * The remote gaplic of the `router-ws` benchmark, in a child process: gaplic `B` (role
 * `bee`), a router server on a free port of 127.0.0.1 (protocol 2; a client that does
 * not offer v2 speaks v1 with it), and a `sink` gobj that counts EV_HIT, answers EV_COUNT
 * with the count and EV_PING with its `n`. Tells the parent its URL (`{ url }`) and
 * exits when the parent goes away.
 */
import { GAplic, routerOf, silentLogger } from '../src/node.js';
import { Sink } from './placement-apps.js';

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
