// The factory of the placement worlds over NATS: a nats-server of the test on a free
// loopback port; the main gaplic 'Front' of this process and Calc and Store in a child
// process (test/fixtures/nats-remotes.ts) each connect to it, and reach each other only
// there: by name (a subject per gaplic) and by role (a subject and queue group per role).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { GAplic, routerOf, type Fault } from '../../src/node.js';
import { resetGlobals } from '../../src/testing/index.js';
import { Client } from '../fixtures/client.js';
import { NatsServer } from '../fixtures/nats-server.js';
import type { PlacementWorld } from './placement.js';

export const NATS_REMOTES = fileURLToPath(new URL('../fixtures/nats-remotes.js', import.meta.url));

/** Starts the child process of nats-remotes.ts and waits until it says 'ready'. */
export async function spawnNatsRemotes(
  url: string,
  settings: Record<string, unknown> = {},
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [NATS_REMOTES, url, JSON.stringify(settings)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the remotes did not get ready')), 10_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready\n')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the remotes exited with ${code}`));
    });
  });
  return child;
}

/** Ends a child of spawnNatsRemotes and waits for its exit. */
export async function endNatsRemotes(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.stdin?.end();
  await exited;
}

export async function natsWorld(): Promise<PlacementWorld> {
  const server = await NatsServer.start({ jetstream: false });
  const faults: Fault[] = [];
  const main = new GAplic({
    name: 'Front',
    roles: ['front'],
    onFault: (f) => faults.push(f),
    settings: { 'router.natsServers': server.url, 'router.natsSettle': 0.5 },
  });
  const client = main.createGObj('client', Client, main, { uniqueName: true });
  const router = routerOf(main);
  const running = main.start();
  await router.natsReady;
  const child = await spawnNatsRemotes(server.url);
  return {
    main,
    client,
    faults,
    close: async () => {
      await endNatsRemotes(child);
      main.destroyGObj(router);
      main.stop();
      await running;
      resetGlobals();
      await server.dispose();
    },
  };
}
