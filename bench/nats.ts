/**
 * 19. The router over NATS (issue #9): gaplic A (this process) → gaplic B in a child
 * process (`nats-peer.ts`), both connected to a nats-server this section starts on a free
 * loopback port (JetStream on, in a temporary folder); against the raw NATS client doing
 * the same work between the same two processes, measured in the same run.
 *
 * One way: N events `sendEventOutside(B, '', 'sink', 'EV_HIT', client, { n, s })` fed in
 * chunks of 1,000 per turn of the loop (waiting while more than 20,000 wait in the
 * route's queue), timed until an EV_COUNT query behind them answers N and every event is
 * answered; anchor: the same `{ n, s }` published one message at a time (`flush()` every
 * 10,000, as the baseline) to a raw subscriber that parses each, timed until its count
 * answers N. Round trip: an event with `__subscribe_response__` and its answer, one at a
 * time, p50 and p99; anchor: raw request/reply. Guaranteed: N events with
 * `__guaranteed__`, stored by JetStream and read by B's durable consumer, timed until B
 * has counted them all (end to end); anchors: raw JetStream publish-with-ack one message
 * at a time (awaiting each ack), and with up to 256 acks awaited at once (publisher side
 * only: stored, not consumed).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { GAplic, routerOf, silentLogger, type Fault, type Route } from '../src/node.js';
import { NatsServer } from '../test/fixtures/nats-server.js';
import { collect, measureAsync, percentile, until, within, yieldToIo } from './harness-async.js';
import { RemoteClient } from './remote-client.js';
import { row, runSection, scaled, type Row, type Sample } from './harness.js';

const EVENTS = 200_000;
const RAW_EVENTS = 200_000;
const GUARANTEED = 100_000;
const RAW_STORED = 2_000;
const RAW_STORED_PIPELINED = 10_000;
const ROUND_TRIPS = 3_000;
const REPS = 3;
/** Messages produced per turn of the loop. */
const CHUNK = 1_000;
/** Our producer waits while more events than this wait in the route's queue. */
const BACKLOG = 20_000;
/** The raw publisher flushes every this many messages (the baseline's method). */
const RAW_FLUSH = 10_000;
/** Raw JetStream acks awaited at once in the pipelined anchor. */
const IN_FLIGHT = 256;
const PEER = fileURLToPath(new URL('./nats-peer.js', import.meta.url));

// ---- ours ------------------------------------------------------------------------------

async function clientGaplic(url: string): Promise<RemoteClient> {
  const gaplic = new GAplic({
    name: 'A',
    roles: ['ay'],
    logger: silentLogger,
    onFault: (fault: Fault) => faults.push(`A: [${fault.code}] ${fault.message}`),
    settings: {
      'router.natsServers': url,
      'router.natsRealm': 'bench',
      'router.natsJetStream': true,
    },
  });
  const client = gaplic.createGObj('client', RemoteClient, gaplic, { uniqueName: true });
  void gaplic.start();
  await within(10_000, () => 'A: NATS not ready', routerOf(gaplic).natsReady!);
  return client;
}

function routeToB(gaplic: GAplic): Route | undefined {
  return routerOf(gaplic).routes.find((r) => r.name === 'B' && r.kind === 'nats');
}

async function oursOneWay(client: RemoteClient, n: number, guaranteed: boolean): Promise<Sample> {
  const gaplic = client.gaplic as GAplic;
  const before = (await client.ask('B', 'EV_COUNT')) as number;
  const route = routeToB(gaplic)!;
  const kw = guaranteed ? { __guaranteed__: true } : {};
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    gaplic.sendEventOutside('B', '', 'sink', 'EV_HIT', client, { n: i, s: 'payload', ...kw });
    if (i % CHUNK === CHUNK - 1) {
      await yieldToIo();
      while (route.queued > BACKLOG) await yieldToIo();
    }
  }
  let count = (await client.ask('B', 'EV_COUNT')) as number;
  // Guaranteed events are read by B's consumer, apart from the plain EV_COUNT: ask again.
  await within(
    60_000,
    () => `A: one-way events (${count - before} of ${n} counted)`,
    (async () => {
      while (count < before + n) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        count = (await client.ask('B', 'EV_COUNT')) as number;
      }
    })(),
  );
  await within(
    10_000,
    () => `A: answers (${route.inflight} in flight)`,
    until(() => route.inflight === 0 && route.queued === 0),
  );
  const ms = performance.now() - start;
  if (count !== before + n) throw new Error(`A: ${count - before} of ${n} counted`);
  if (client.nacks !== 0) throw new Error(`A: ${client.nacks} events nacked`);
  return { rate: n / (ms / 1000) };
}

async function oursRoundTrip(client: RemoteClient, n: number): Promise<Sample> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const answer = await client.ask('B', 'EV_PING', i);
    times.push(performance.now() - start);
    if (answer !== i) throw new Error(`ping ${i} answered ${String(answer)}`);
  }
  return { p50: percentile(times, 0.5) * 1000, p99: percentile(times, 0.99) * 1000 };
}

// ---- the anchors: the raw client -----------------------------------------------------------

async function rawCount(nc: NatsConnection): Promise<number> {
  return Number((await nc.request('raw.count', '', { timeout: 10_000 })).string());
}

async function rawOneWay(nc: NatsConnection, n: number): Promise<Sample> {
  const before = await rawCount(nc);
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    nc.publish('raw.hit', JSON.stringify({ n: i, s: 'payload' }));
    if (i % RAW_FLUSH === RAW_FLUSH - 1) await nc.flush();
  }
  let count = await rawCount(nc);
  while (count < before + n) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    count = await rawCount(nc);
  }
  const ms = performance.now() - start;
  if (count !== before + n) throw new Error(`raw: ${count - before} of ${n} counted`);
  return { rate: n / (ms / 1000) };
}

async function rawRoundTrip(nc: NatsConnection, n: number): Promise<Sample> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const reply = await nc.request('raw.ping', JSON.stringify({ n: i }), { timeout: 10_000 });
    times.push(performance.now() - start);
    if ((JSON.parse(reply.string()) as { n: number }).n !== i) throw new Error('raw ping');
  }
  return { p50: percentile(times, 0.5) * 1000, p99: percentile(times, 0.99) * 1000 };
}

async function rawStored(js: JetStreamClient, n: number, inFlight: number): Promise<Sample> {
  const start = performance.now();
  const pending = new Set<Promise<unknown>>();
  for (let i = 0; i < n; i++) {
    const ack = js.publish('benchraw.hit', JSON.stringify({ n: i, s: 'payload' }));
    if (inFlight === 1) {
      await ack;
      continue;
    }
    pending.add(ack);
    void ack.then(() => pending.delete(ack));
    if (pending.size >= inFlight) await Promise.race(pending);
  }
  await Promise.all(pending);
  return { rate: n / ((performance.now() - start) / 1000) };
}

// ---- helpers ------------------------------------------------------------------------------

/** Faults during the measures (none expected): printed at the end. */
const faults: string[] = [];

function forkPeer(url: string): Promise<ChildProcess> {
  const child = fork(PEER, [url], { execArgv: ['--enable-source-maps'] });
  return within(
    10_000,
    () => 'nats-peer: not ready',
    new Promise((resolve, reject) => {
      child.once('message', () => resolve(child));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`nats-peer exited ${code}`)));
    }),
  );
}

// ---- the section --------------------------------------------------------------------------

runSection('19. router over NATS: A -> B in a child process, through nats-server', async () => {
  const server = await NatsServer.start();
  try {
    const peer = await forkPeer(server.url);
    const client = await clientGaplic(server.url);
    const nc = await connect({ servers: server.url });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'benchraw', subjects: ['benchraw.>'] });
    const js = jetstream(nc);
    const m = await measureAsync(REPS, {
      rtt: async (s) => {
        collect();
        return oursRoundTrip(client, scaled(ROUND_TRIPS, s));
      },
      rawRtt: async (s) => {
        collect();
        return rawRoundTrip(nc, scaled(ROUND_TRIPS, s));
      },
      oneWay: async (s) => oursOneWay(client, scaled(EVENTS, s), false),
      raw: async (s) => rawOneWay(nc, scaled(RAW_EVENTS, s)),
      stored: async (s) => oursOneWay(client, scaled(GUARANTEED, s), true),
      rawStored: async (s) => rawStored(js, scaled(RAW_STORED, s), 1),
      rawPipelined: async (s) => rawStored(js, scaled(RAW_STORED_PIPELINED, s), IN_FLIGHT),
    });
    const rows: Row[] = [
      row(
        'A -> B nats: one-way events',
        'ev/s',
        m.oneWay.rate!,
        'raw NATS pub/sub, one message at a time',
        m.raw.rate!,
        { kind: 'ratio>=', value: 1 },
      ),
      row(
        'A -> B nats: round trip (p50)',
        'µs',
        m.rtt.p50!,
        'raw NATS request/reply',
        m.rawRtt.p50!,
        {
          kind: 'ratio<',
          value: 1.5,
        },
      ),
      row(
        'A -> B nats: round trip (p99)',
        'µs',
        m.rtt.p99!,
        'raw NATS request/reply',
        m.rawRtt.p99!,
        null,
      ),
      row(
        'A -> B nats: guaranteed events, end to end',
        'ev/s',
        m.stored.rate!,
        'raw JetStream publish-with-ack, one at a time',
        m.rawStored.rate!,
        null,
      ),
      row(
        'A -> B nats: guaranteed events, end to end',
        'ev/s',
        m.stored.rate!,
        `raw JetStream publish-with-ack, ${IN_FLIGHT} in flight`,
        m.rawPipelined.rate!,
        null,
      ),
    ];
    await jsm.streams.delete('benchraw');
    await nc.close();
    const gaplic = client.gaplic as GAplic;
    gaplic.destroyGObj(routerOf(gaplic));
    gaplic.stop();
    peer.disconnect();
    if (faults.length > 0)
      console.log(`  faults during the measures:\n    ${faults.join('\n    ')}`);
    return rows;
  } finally {
    await server.dispose();
  }
});
