// The placement conformance suite over in-memory links: the three gaplics in this thread,
// linked as the worker hosts link them (main routes, the others have it upstream). It
// checks the router alone, fast; the thread and process runs check the hosts.
import { createMemoryLinkPair, GAplic, routerOf, type Fault } from '../../src/index.js';
import { resetGlobals } from '../../src/testing/index.js';
import { Client } from '../fixtures/client.js';
import { calcMain, storeMain } from '../fixtures/remote-apps.js';
import { placementConformance } from './placement.js';

placementConformance('memory links', async () => {
  const faults: Fault[] = [];
  const main = new GAplic({ name: 'Front', roles: ['front'], onFault: (f) => faults.push(f) });
  const client = main.createGObj('client', Client, main, { uniqueName: true });
  const calc = calcMain({}, { name: 'Calc', roles: ['calc'] });
  const store = await storeMain({}, { name: 'Store', roles: ['store'] });
  for (const remote of [calc, store]) {
    const [up, down] = createMemoryLinkPair();
    routerOf(main).addRoute(down, { name: remote.name, roles: remote.roles });
    routerOf(remote).addRoute(up, { name: main.name, roles: main.roles, upstream: true });
  }
  const running = [main, calc, store].map((g) => g.start());
  return {
    main,
    client,
    faults,
    close: async () => {
      for (const g of [calc, store, main]) g.stop();
      await Promise.all(running);
      resetGlobals();
    },
  };
});
