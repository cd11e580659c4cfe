// The factory of the placement worlds with real workers: Calc and Store as worker
// threads or child processes (or one of each), linked to the main gaplic of this thread.
import { fileURLToPath } from 'node:url';
import {
  GAplic,
  setGlobalMainGAplic,
  setupGAplicProcess,
  setupGAplicThread,
  shutdown,
  type Fault,
  type GAplicWorker,
  type WorkerSpec,
} from '../../src/node.js';
import { resetGlobals } from '../../src/testing/index.js';
import { Client } from '../fixtures/client.js';
import type { PlacementWorld } from './placement.js';

/** The compiled module of the remote gaplics' factories. */
export const REMOTE_APPS = fileURLToPath(new URL('../fixtures/remote-apps.js', import.meta.url));

export type Kind = 'thread' | 'process';

export function setupWorker(kind: Kind, spec: WorkerSpec): GAplicWorker {
  return kind === 'thread' ? setupGAplicThread(spec) : setupGAplicProcess(spec);
}

/** Main 'Front' here; Calc as `calc`, Store as `store` (threads or processes). */
export async function workerWorld(calc: Kind, store: Kind): Promise<PlacementWorld> {
  const faults: Fault[] = [];
  const calcWorker = setupWorker(calc, {
    module: REMOTE_APPS,
    export: 'calcMain',
    name: 'Calc',
    roles: ['calc'],
  });
  const storeWorker = setupWorker(store, {
    module: REMOTE_APPS,
    export: 'storeMain',
    name: 'Store',
    roles: ['store'],
    settings: { 'Db.dir': '/tmp' },
  });
  // Workers may start before the main gaplic exists: they are linked when it is set.
  const started = Promise.all([calcWorker.start(), storeWorker.start()]);
  const main = new GAplic({ name: 'Front', roles: ['front'], onFault: (f) => faults.push(f) });
  const client = main.createGObj('client', Client, main, { uniqueName: true });
  setGlobalMainGAplic(main);
  const running = main.start();
  await started;
  return {
    main,
    client,
    faults,
    close: async () => {
      await shutdown();
      await running;
      resetGlobals();
    },
  };
}
