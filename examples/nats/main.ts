/**
 * Three gaplics in three processes that meet through one nats-server: this process starts
 * the server (on a free loopback port, JetStream in a temporary folder), then runs 'Front'
 * (role front) and starts two cooks, 'Cook1' and 'Cook2' (both role cook, `cook.ts`),
 * each in its own process. Nobody has a route to anybody: every gaplic connects to NATS.
 *
 * - By role: Front's `waiter` sends six orders to the role 'cook', one at a time; NATS
 *   gives each to one of the cooks (a queue group), whose answer comes back to the waiter.
 * - By name: the waiter asks each cook, by its name, how many orders it cooked.
 * - Guaranteed: a tip to the role, stored by JetStream until a cook has taken it; the
 *   cook's thanks come back.
 *
 * Then the cooks leave, Front stops, the server stops and this exits.
 *
 *   npm run compile && node build/examples/nats/main.js
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { Deferred, GAplic, GObj, checkFsm, routerOf, type GEvent } from '../../src/node.js';

const DISHES = ['soup', 'salad', 'stew', 'pie', 'cake', 'tea'];

/** By role: one cook of the role takes the order; its action's return comes back. */
function order(waiter: Waiter): void {
  waiter.gaplic!.sendEventOutside('', 'cook', 'chef', 'EV_ORDER', waiter, {
    dish: DISHES[waiter.served],
    __subscribe_response__: true,
  });
}

/** By name: each cook, and no other, says how many orders it cooked. */
function askCounts(waiter: Waiter): void {
  for (const cook of ['Cook1', 'Cook2']) {
    waiter.gaplic!.sendEventOutside(cook, '', 'chef', 'EV_COUNT', waiter, {
      __subscribe_response__: true,
    });
  }
}

/**
 * Guaranteed: stored by JetStream, then taken by one cook of the role (even a cook that
 * starts later), whose answer comes back.
 */
function tip(waiter: Waiter): void {
  waiter.gaplic!.sendEventOutside('', 'cook', 'chef', 'EV_TIP', waiter, {
    amount: 5,
    __guaranteed__: true,
    __subscribe_response__: true,
  });
}

function acStart(waiter: Waiter, _event: GEvent): void {
  order(waiter); // one at a time: each order is a NATS message of its own
}

function acServed(waiter: Waiter, event: GEvent): void {
  const { dish, cook } = event.kw.__action_return__ as { dish: string; cook: string };
  console.log(`Front: ${dish} cooked by ${cook}`);
  if (++waiter.served < DISHES.length) order(waiter);
  else askCounts(waiter);
}

function acCounted(waiter: Waiter, event: GEvent): void {
  waiter.counts.push(event.kw.__action_return__ as number);
  if (waiter.counts.length < 2) return;
  const total = waiter.counts.reduce((sum, n) => sum + n, 0);
  console.log(`Front: the cooks cooked ${total} orders`);
  tip(waiter);
}

function acNack(_waiter: Waiter, event: GEvent): void {
  const { event_name: name, error_message: reason } = event.kw as Record<string, string>;
  console.log(`Front: EV_NACK for '${name}': ${reason}`);
}

function acThanked(waiter: Waiter, event: GEvent): void {
  console.log(`Front: ${String(event.kw.__action_return__)}`);
  waiter.broadcastEvent('EV_DONE');
}

const fsm = {
  eventList: [
    'EV_START: top input',
    'EV_ORDER: bottom input',
    'EV_COUNT: bottom input',
    'EV_TIP: bottom input',
    'EV_NACK: bottom input',
    'EV_DONE: top output',
  ],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_START', acStart, null],
      ['EV_ORDER', acServed, null], // the answer of an order
      ['EV_COUNT', acCounted, null], // the answer of a count
      ['EV_TIP', acThanked, null], // the answer of the tip
      ['EV_NACK', acNack, null],
    ],
  },
} as const;

class Waiter extends GObj<typeof fsm> {
  static override fsm = checkFsm(fsm);
  served = 0;
  readonly counts: number[] = [];
}

// ---- the nats-server of the example ------------------------------------------------------

/** A loopback port nothing listens on (it was free a moment ago). */
async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  probe.close();
  return port;
}

/** Starts nats-server (Debian's package: /usr/sbin/nats-server) with JetStream in `dir`. */
async function startNatsServer(port: number, dir: string): Promise<ChildProcess> {
  const binary = process.env.NATS_SERVER ?? '/usr/sbin/nats-server';
  const server = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir]);
  let log = '';
  await new Promise<void>((resolve, reject) => {
    server.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Server is ready')) resolve();
    });
    server.once('error', reject); // not installed: apt-get install nats-server
    server.once('exit', (code) => reject(new Error(`nats-server exited (${code}):\n${log}`)));
  });
  return server;
}

const dir = mkdtempSync(join(tmpdir(), 'ginsfsm-nats-example-'));
const port = await freePort();
const server = await startNatsServer(port, dir);
const url = `nats://127.0.0.1:${port}`;
console.log(`nats-server ready on 127.0.0.1 (JetStream on)`);

/** Starts a cook in a process of its own; resolves once it can be reached. */
async function startCook(name: string): Promise<ChildProcess> {
  const child = fork(new URL('./cook.js', import.meta.url), [url, name]);
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${name} exited with code ${code}`)));
  });
  return child;
}

const cooks = await Promise.all([startCook('Cook1'), startCook('Cook2')]);
const front = new GAplic({
  name: 'Front',
  roles: ['front'],
  settings: { 'router.natsServers': url, 'router.natsJetStream': true },
});
const waiter = front.createGObj('waiter', Waiter, front, { uniqueName: true });
const router = routerOf(front);
const done = new Promise<void>((resolve) => {
  waiter.subscribeEvent('EV_DONE', new Deferred('done', () => resolve()));
});
const running = front.start();
await router.natsReady;
front.sendEvent(waiter, 'EV_START');
await done;
// Leave once every event sent is answered, on a later turn than the last answer.
do {
  await new Promise((resolve) => setTimeout(resolve, 5));
} while (router.routes.some((r) => r.inflight + r.queued > 0));
for (const cook of cooks) cook.send('leave');
await Promise.all(cooks.map((cook) => once(cook, 'exit')));
front.destroyGObj(router);
front.stop();
await running;
server.kill('SIGTERM');
await once(server, 'exit');
rmSync(dir, { recursive: true, force: true });
console.log('Front: the cooks left, the server stopped');
