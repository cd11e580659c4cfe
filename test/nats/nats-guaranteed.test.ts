// Guaranteed events over NATS (JetStream): stored until their gaplic reads them, acked
// only once their action ran, delivered again after a crash, never applied twice. Faults:
// the server killed (SIGKILL) and restarted in the middle of 50,000 events; a consumer
// process killed with events delivered and not acked, which go to it when it comes back
// or to another gaplic of its role. Real time: nats-server and child processes.
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before, describe, test } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { resetGlobals } from '../../src/testing/index.js';
import { until } from '../fixtures/client.js';
import { natsGaplic, type NatsGaplic } from '../fixtures/nats-apps.js';
import { NATS_SKIP, NatsServer } from '../fixtures/nats-server.js';

const CONSUMER = fileURLToPath(new URL('../fixtures/nats-consumer.js', import.meta.url));
const JETSTREAM = { 'router.natsJetStream': true, 'router.natsAckWait': 0.5 };

let server: NatsServer;
const opened: NatsGaplic[] = [];
const children: ChildProcess[] = [];

function open(name: string, roles: string[], settings: Record<string, unknown> = {}) {
  const g = natsGaplic(name, roles, server.url, { ...JETSTREAM, ...settings });
  opened.push(g);
  return g;
}

/** Resolves once the stream of the realm holds nothing (everything was acked). */
async function streamEmpty(): Promise<void> {
  const nc = await connect({ servers: server.url });
  try {
    const jsm = await jetstreamManager(nc);
    for (;;) {
      const info = await jsm.streams.info('ginsfsm');
      if (info.state.messages === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await nc.close();
  }
}

/** A consumer process (test/fixtures/nats-consumer.ts) and the numbers it reported. */
async function consumer(name: string, roles: string, stopAt = 0) {
  const child = fork(CONSUMER, [server.url, name, roles, String(stopAt)]);
  children.push(child);
  const seen: number[] = [];
  child.on('message', (m: { hits?: number[] }) => {
    if (m.hits !== undefined) seen.push(...m.hits);
  });
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: { ready?: boolean }) => m.ready === true && resolve());
    child.once('exit', (code) => reject(new Error(`consumer ${name} exited with ${code}`)));
  });
  return { child, seen };
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** Sends EV_HIT `from..to-1` to (gaplic, role), `chunk` per turn of the loop. */
async function stream(
  a: NatsGaplic,
  gaplic: string,
  role: string,
  from: number,
  to: number,
  chunk: number,
): Promise<void> {
  for (let n = from; n < to; n++) {
    a.gaplic.sendEventOutside(gaplic, role, 'sink', 'EV_HIT', a.sender, { n });
    if ((n + 1) % chunk === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('guaranteed events over NATS (JetStream)', { skip: NATS_SKIP }, () => {
  before(async () => {
    server = await NatsServer.start();
  });
  afterEach(async () => {
    for (const child of children.splice(0)) await kill(child);
    for (const g of opened.splice(0)) await g.close();
    resetGlobals();
  });
  after(async () => {
    await server.dispose();
  });

  test('nats guaranteed - events wait in the stream for a gaplic not started yet, then come once', async () => {
    const a = open('A', ['ay'], { 'router.natsGuaranteed': 'EV_HIT' });
    await a.router.natsReady;
    await stream(a, 'B', '', 0, 3000, 1000);
    const route = a.router.routes.find((r) => r.name === 'B')!;
    await until(() => route.inflight + route.queued === 0, 5000, 'stored');
    assert.equal(route.counters.acked, 3000);
    const b = open('B', ['bee']);
    await b.router.natsReady;
    await until(() => b.sink.hits.size === 3000, 10_000, 'B got 3000');
    await streamEmpty();
    assert.deepEqual(b.sink.twice, []);
    assert.deepEqual(
      b.sink.order,
      Array.from({ length: 3000 }, (_v, n) => n),
      'in order',
    );
  });

  test('nats guaranteed - kw.__guaranteed__ marks one event; unknown gobj: EV_NACK, not delivered again', async () => {
    const a = open('A', ['ay']);
    const b = open('B', ['bee']);
    await Promise.all([a.router.natsReady, b.router.natsReady]);
    a.gaplic.sendEventOutside('B', '', 'ghost', 'EV_HIT', a.sender, { n: 1, __guaranteed__: true });
    a.gaplic.sendEventOutside('B', '', 'sink', 'EV_HIT', a.sender, { n: 2, __guaranteed__: true });
    await until(() => b.sink.hits.has(2) && a.sender.named('EV_NACK').length === 1, 5000, 'both');
    assert.equal(a.sender.named('EV_NACK')[0]!.error_message, "GObj 'ghost' UNKNOWN");
    await streamEmpty();
    // Without JetStream a guaranteed event cannot be stored: nacked at once.
    const c = open('C', [], { 'router.natsJetStream': false });
    await c.router.natsReady;
    c.gaplic.sendEventOutside('B', '', 'sink', 'EV_HIT', c.sender, { n: 3, __guaranteed__: true });
    await until(() => c.sender.named('EV_NACK').length === 1, 5000, 'the nack');
    assert.equal(
      c.sender.named('EV_NACK')[0]!.error_message,
      'not stored: JetStream is off for this router (natsJetStream = false)',
    );
  });

  test('nats guaranteed - the server killed and restarted in the middle of 50,000 events: none lost, none applied twice', async () => {
    const N = 50_000;
    const a = open('A', ['ay'], { 'router.natsGuaranteed': '*' });
    const b = open('B', ['bee']);
    await Promise.all([a.router.natsReady, b.router.natsReady]);
    const sending = stream(a, 'B', '', 0, N, 500);
    await until(() => b.sink.hits.size >= 10_000, 10_000, 'B got 10,000');
    await server.kill();
    await until(() => a.faults.some((f) => f.code === 'NATS_LOST'), 5000, 'A lost NATS');
    await sending; // the rest waits in A's route
    await server.restart();
    await until(() => b.sink.hits.size === N, 20_000, `B got ${N}`);
    const route = a.router.routes.find((r) => r.name === 'B')!;
    await until(() => route.inflight + route.queued === 0, 10_000, 'all stored');
    await streamEmpty();
    assert.deepEqual(b.sink.twice, [], 'nothing applied twice');
    assert.equal(a.sender.named('EV_NACK').length, 0, 'nothing nacked');
    assert.equal(route.counters.acked, N);
  });

  test('nats guaranteed - a consumer process killed: its events go to it when it comes back, or to another gaplic of its role', async () => {
    const a = open('A', ['ay'], { 'router.natsGuaranteed': 'EV_HIT' });
    await a.router.natsReady;
    // By role: C1 stops handling after 1,000 events (the rest it receives stays unacked),
    // is killed; C2, another gaplic of the role, gets them.
    const c1 = await consumer('C1', 'sink', 1000);
    await stream(a, '', 'sink', 0, 5000, 100);
    await until(() => c1.seen.length >= 1000, 10_000, 'C1 got 1,000');
    await kill(c1.child);
    const c2 = await consumer('C2', 'sink');
    const all = new Set<number>();
    await until(
      () => {
        for (const n of [...c1.seen, ...c2.seen]) all.add(n);
        return all.size === 5000;
      },
      20_000,
      'every event of the role',
    );
    await streamEmpty();
    assert.equal(new Set(c2.seen).size, c2.seen.length, 'C2 applied none twice');
    assert.ok(c2.seen.length >= 4000);
    // By name: C3 stops after 500, is killed, comes back (same name) and gets the rest.
    const c3 = await consumer('C3', '', 500);
    await stream(a, 'C3', '', 10_000, 12_000, 100);
    await until(() => c3.seen.length >= 500, 10_000, 'C3 got 500');
    await kill(c3.child);
    const back = await consumer('C3', '');
    const named = new Set<number>();
    await until(
      () => {
        for (const n of [...c3.seen, ...back.seen]) named.add(n);
        return named.size === 2000;
      },
      20_000,
      'every event to C3',
    );
    await streamEmpty();
    assert.equal(new Set(back.seen).size, back.seen.length, 'C3 (back) applied none twice');
  });
});
