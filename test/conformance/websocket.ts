// The factory of the placement worlds over WebSocket: the main gaplic 'Front' of this
// process listens on a free loopback port; Calc and Store run in a child process and
// connect to it (test/fixtures/ws-remotes.ts), speaking protocol v1 or v2.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { GAplic, routerOf, type Fault } from '../../src/node.js';
import { resetGlobals } from '../../src/testing/index.js';
import { Client, until } from '../fixtures/client.js';
import type { PlacementWorld } from './placement.js';

export const WS_REMOTES = fileURLToPath(new URL('../fixtures/ws-remotes.js', import.meta.url));

/** Starts the child process of ws-remotes.ts. */
export function spawnRemotes(url: string, protocol: 1 | 2, token = ''): ChildProcess {
  return spawn(process.execPath, [WS_REMOTES, url, String(protocol), token], {
    stdio: ['pipe', 'inherit', 'inherit'],
  });
}

/** Ends a child of spawnRemotes and waits for its exit. */
export async function endRemotes(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.stdin?.end();
  await exited;
}

export async function websocketWorld(protocol: 1 | 2): Promise<PlacementWorld> {
  const faults: Fault[] = [];
  const main = new GAplic({
    name: 'Front',
    roles: ['front'],
    onFault: (f) => faults.push(f),
    settings: { 'router.server': true, 'router.port': 0, 'router.protocol': protocol },
  });
  const client = main.createGObj('client', Client, main, { uniqueName: true });
  const router = routerOf(main);
  const server = (await router.listening)!;
  const running = main.start();
  const child = spawnRemotes(server.url, protocol);
  await until(
    () => router.routes.filter((r) => r.state === 'up').length === 2,
    10_000,
    'Calc and Store connected',
  );
  return {
    main,
    client,
    faults,
    close: async () => {
      await endRemotes(child);
      main.destroyGObj(router);
      main.stop();
      await running;
      resetGlobals();
    },
  };
}
