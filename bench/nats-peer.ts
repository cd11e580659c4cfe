/**
 * The remote side of the `nats` benchmark, in a child process: gaplic `B` (role `bee`) on
 * the nats-server whose URL is the first argument, reading its JetStream consumer, with a
 * `sink` that counts EV_HIT and answers EV_COUNT and EV_PING; and, for the anchors, a raw
 * client of the same server doing the same work with the client alone: `raw.hit` counted
 * (each payload parsed as JSON), `raw.count` and `raw.ping` answered. Tells the parent
 * when both are ready and exits when the parent goes away.
 */
import { connect } from '@nats-io/transport-node';
import { GAplic, routerOf, silentLogger } from '../src/node.js';
import { Sink } from './placement-apps.js';

const url = process.argv[2]!;
const b = new GAplic({
  name: 'B',
  roles: ['bee'],
  logger: silentLogger,
  // Faults (none expected) go to stderr; the parent's output stays its rows.
  onFault: (fault) => console.error(`B: [${fault.code}] ${fault.message}`),
  settings: {
    'router.natsServers': url,
    'router.natsRealm': 'bench',
    'router.natsJetStream': true,
  },
});
b.createGObj('sink', Sink, b, { uniqueName: true });
void b.start();
await routerOf(b).natsReady;

const raw = await connect({ servers: url });
let count = 0;
raw.subscribe('raw.hit', {
  callback: (_error, msg) => {
    JSON.parse(msg.string());
    count++;
  },
});
raw.subscribe('raw.count', { callback: (_error, msg) => void msg.respond(String(count)) });
raw.subscribe('raw.ping', { callback: (_error, msg) => void msg.respond(msg.data) });
await raw.flush();
process.send!({ ready: true });
process.on('disconnect', () => process.exit(0));
