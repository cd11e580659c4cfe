/**
 * ginsfsm's `router/test_router.py` (+ `test_router.ini`) composed by an ini file, with the
 * gclasses of examples/router: 'TOTO' (role toto, in a worker thread) hosts `sample2` and
 * its router listens on `port`; 'TITI' (role titi, the main gaplic) hosts `sample1` and
 * its router has a static route to TOTO's (`router.staticRoutes` in the ini). sample1
 * subscribes to sample2's `EV_MESSAGE`, asks it for a timeout, again at each message, and
 * after the 5th unsubscribes and asks sample2 for its status.
 *
 *   node build/src/cli/gserve.js examples/ginsfsm/test_router/app.ini [port=8000] [timeout=2]
 */
import { Deferred, GAplic, routerOf, type Kw } from '../../../src/node.js';
import { Sample1 } from '../../router/sample1.js';
import { Sample2 } from '../../router/sample2.js';
import type { LocalConf } from '../conf.js';

/** `[app:toto]`: 'TOTO', in a worker thread; `router.server = true` in the ini. */
export async function totoMain(_globalConf: Kw, localConf: LocalConf): Promise<GAplic> {
  const { name, roles, ...settings } = localConf;
  const toto = new GAplic({ name, roles, settings });
  toto.createGObj('sample2', Sample2, toto, { uniqueName: true });
  // Handed over once its router listens: TITI's static route finds it there.
  const server = await routerOf(toto).listening;
  console.log(`TOTO: router listening on ${server?.url ?? '(no server)'}`);
  return toto;
}

/** `[app:titi]`: 'TITI', the main gaplic; `router.staticRoutes = TOTO, toto, ws://...`. */
export function titiMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf;
  const titi = new GAplic({ name, roles, settings });
  const sample1 = titi.createGObj('sample1', Sample1, titi, { uniqueName: true });
  const router = routerOf(titi);
  router.subscribeEvent('EV_STATIC_ROUTE_OPENED', sample1);
  sample1.subscribeEvent(
    'EV_DONE',
    new Deferred('done', () => {
      // Which way the events went: TITI has its static route and, TOTO being its worker
      // thread, the thread's route too.
      for (const route of router.report().routes) {
        const { sent, received } = route.counters;
        console.log(
          `TITI: ${route.kind} route to '${route.name}': events sent ${sent}, received ${received}`,
        );
      }
    }),
  );
  titi.postEvent(sample1, 'EV_BEGIN'); // what it sends waits in the route until TOTO answers
  return titi;
}
