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
import { Deferred, GAplic, routerOf } from '../../src/node.js';
import { Sample1 } from './sample1.js';

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
