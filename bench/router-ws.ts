/**
 * 16. The router over WebSocket (issue #7): gaplic A (this process) → gaplic B in a child
 * process (`router-ws-peer.ts`: B is the router server on a free port of 127.0.0.1, A
 * has the static route), against raw `ws` to a raw peer in another child process
 * (`router-ws-raw-peer.ts`) doing the same work, measured in the same run.
 *
 * One way: N events `sendEventOutside(B, '', 'sink', 'EV_HIT', client, { n, s })`, fed in
 * chunks of 1,000 per turn of the loop (setImmediate between chunks; waiting while more
 * than 20,000 wait in the route's queue, which is bounded), timed until an EV_COUNT query
 * behind them answers N and every event is acknowledged (nothing in flight or queued).
 * Anchor: the same kw as one JSON text frame per message (and 100 messages per frame, for
 * context), in the same chunks (waiting while ws buffers more than 1 MiB), timed until a
 * `count` query answers N. Round trip: an event with `__subscribe_response__` and its
 * answer, one at a time, p50 and p99 (each round-trip run after a full collection); against a
 * raw ws echo. v1 (a second gaplic A1 whose router speaks `protocol = 1`, one event in
 * flight as ginsfsm): one-way events/s, reported beside raw one per frame and beside the
 * raw echo done one at a time (the ceiling of one message in flight).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { GAplic, routerOf, silentLogger, type Fault, type Route } from '../src/node.js';
import { collect, measureAsync, percentile, until, within, yieldToIo } from './harness-async.js';
import { RemoteClient } from './remote-client.js';
import { row, runSection, scaled, type Row, type Sample } from './harness.js';

const EVENTS = 200_000;
const RAW_EVENTS = 200_000;
const RAW_BATCHED_EVENTS = 1_000_000;
const V1_EVENTS = 3_000;
const ROUND_TRIPS = 5_000;
const REPS = 5;
/** Messages produced per turn of the loop. */
const CHUNK = 1_000;
/** Our producer waits while more events than this wait in the route's queue. */
const BACKLOG = 20_000;
/** The raw producer waits while ws buffers more bytes than this. */
const RAW_BUFFERED = 1024 * 1024;
const PEER = fileURLToPath(new URL('./router-ws-peer.js', import.meta.url));
const RAW_PEER = fileURLToPath(new URL('./router-ws-raw-peer.js', import.meta.url));

// ---- ours: gaplic A and its client gobj ------------------------------------------------

/** A gaplic with a static route to B, speaking `protocol`, and its client gobj. */
async function clientGaplic(name: string, url: string, protocol: 1 | 2): Promise<RemoteClient> {
  const gaplic = new GAplic({
    name,
    logger: silentLogger,
    onFault: onFault(name),
    settings: { 'router.staticRoutes': `B, bee, ${url}`, 'router.protocol': protocol },
  });
  const client = gaplic.createGObj('client', RemoteClient, gaplic, { uniqueName: true });
  routerOf(gaplic);
  void gaplic.start();
  await within(
    10_000,
    () => `${name}: route to B not up`,
    until(() => routeToB(gaplic).state === 'up'),
  );
  if (routeToB(gaplic).protocol !== protocol) throw new Error(`${name}: protocol not ${protocol}`);
  return client;
}

function routeToB(gaplic: GAplic): Route {
  return routerOf(gaplic).routes.find((r) => r.name === 'B')!;
}

async function oursOneWay(client: RemoteClient, n: number): Promise<Sample> {
  const gaplic = client.gaplic as GAplic;
  const route = routeToB(gaplic);
  const before = (await client.ask('B', 'EV_COUNT')) as number;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    gaplic.sendEventOutside('B', '', 'sink', 'EV_HIT', client, { n: i, s: 'payload' });
    if (i % CHUNK === CHUNK - 1) {
      await yieldToIo();
      while (route.queued > BACKLOG) await yieldToIo();
    }
  }
  const count = (await within(
    60_000,
    () => `${gaplic.name}: one-way events (acked ${route.counters.acked})`,
    client.ask('B', 'EV_COUNT'),
  )) as number;
  await within(
    10_000,
    () => `${gaplic.name}: acks (${route.inflight} in flight)`,
    until(() => route.inflight === 0 && route.queued === 0),
  );
  const ms = performance.now() - start;
  if (count !== before + n) throw new Error(`${gaplic.name}: ${count - before} of ${n} counted`);
  if (client.nacks !== 0) throw new Error(`${gaplic.name}: ${client.nacks} events nacked`);
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

// ---- the anchor: raw ws to the raw peer ----------------------------------------------

/** What the raw peer answers. */
interface RawAnswer {
  readonly count?: number;
  readonly pong?: number;
}

interface RawRemoteClient {
  readonly ws: WebSocket;
  next(): Promise<RawAnswer>;
}

async function rawRemoteClient(url: string): Promise<RawRemoteClient> {
  // ws's defaults (a random masking key per frame, as the perf baseline), no compression.
  const ws = new WebSocket(url, { perMessageDeflate: false });
  let waiting: ((answer: RawAnswer) => void) | null = null;
  ws.on('message', (data) => waiting?.(JSON.parse((data as Buffer).toString('utf8')) as RawAnswer));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, next: () => new Promise((resolve) => (waiting = resolve)) };
}

async function rawCount(raw: RawRemoteClient): Promise<number> {
  const answer = raw.next();
  raw.ws.send(JSON.stringify({ t: 'count' }));
  return (await answer).count!;
}

/** n messages, `perFrame` per text frame (1: the object itself, else an array). */
async function rawOneWay(raw: RawRemoteClient, n: number, perFrame: number): Promise<Sample> {
  const { ws } = raw;
  const before = await rawCount(raw);
  const start = performance.now();
  let frame: { n: number; s: string }[] = [];
  for (let i = 0; i < n; i++) {
    if (perFrame === 1) ws.send(JSON.stringify({ n: i, s: 'payload' }));
    else {
      frame.push({ n: i, s: 'payload' });
      if (frame.length === perFrame || i === n - 1) {
        ws.send(JSON.stringify(frame));
        frame = [];
      }
    }
    if (i % CHUNK === CHUNK - 1) {
      await yieldToIo();
      while (ws.bufferedAmount > RAW_BUFFERED) await yieldToIo();
    }
  }
  const count = await within(60_000, () => 'raw one-way', rawCount(raw));
  const ms = performance.now() - start;
  if (count !== before + n) throw new Error(`raw: ${count - before} of ${n} counted`);
  return { rate: n / (ms / 1000) };
}

async function rawRoundTrip(raw: RawRemoteClient, n: number): Promise<Sample> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const answer = raw.next();
    raw.ws.send(JSON.stringify({ t: 'ping', n: i }));
    const { pong } = await answer;
    times.push(performance.now() - start);
    if (pong !== i) throw new Error(`raw ping ${i} answered ${String(pong)}`);
  }
  return {
    p50: percentile(times, 0.5) * 1000,
    p99: percentile(times, 0.99) * 1000,
    rate: n / (times.reduce((sum, t) => sum + t, 0) / 1000),
  };
}

// ---- helpers ------------------------------------------------------------------------------

/** Forks a peer and waits for the URL it listens on. */
function forkPeer(script: string): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(script, [], { execArgv: ['--enable-source-maps'] });
  return within(
    10_000,
    () => `${script}: no url`,
    new Promise((resolve, reject) => {
      child.once('message', (m) => resolve({ child, url: (m as { url: string }).url }));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
    }),
  );
}

/** Faults during the measures (none expected): printed at the end. */
const faults: string[] = [];

function onFault(name: string): (fault: Fault) => void {
  return (fault) => faults.push(`${name}: [${fault.code}] ${fault.message}`);
}

// ---- the section --------------------------------------------------------------------------

runSection('16. router over WebSocket: A -> B in a child process', async () => {
  const [peer, rawPeer] = await Promise.all([forkPeer(PEER), forkPeer(RAW_PEER)]);
  const v2 = await clientGaplic('A', peer.url, 2);
  const v1 = await clientGaplic('A1', peer.url, 1);
  const raw = await rawRemoteClient(rawPeer.url);
  const m = await measureAsync(REPS, {
    // Round trips first, each after a full collection of this process's heap, so that
    // the garbage of a burst measured before does not land in the latency figures.
    v2Rtt: async (s) => {
      collect();
      return oursRoundTrip(v2, scaled(ROUND_TRIPS, s));
    },
    rawRtt: async (s) => {
      collect();
      return rawRoundTrip(raw, scaled(ROUND_TRIPS, s));
    },
    v2: async (s) => oursOneWay(v2, scaled(EVENTS, s)),
    raw: async (s) => rawOneWay(raw, scaled(RAW_EVENTS, s), 1),
    v1: async (s) => oursOneWay(v1, scaled(V1_EVENTS, s)),
    raw100: async (s) => rawOneWay(raw, scaled(RAW_BATCHED_EVENTS, s), 100),
  });
  const rows: Row[] = [
    row(
      'A -> B ws v2: one-way events',
      'ev/s',
      m.v2.rate!,
      'raw ws, one message per frame',
      m.raw.rate!,
      { kind: 'ratio>=', value: 2 },
    ),
    row(
      'A -> B ws v2: one-way events',
      'ev/s',
      m.v2.rate!,
      'raw ws, 100 messages per frame',
      m.raw100.rate!,
      null,
    ),
    row('A -> B ws v2: round trip (p50)', 'µs', m.v2Rtt.p50!, 'raw ws echo', m.rawRtt.p50!, {
      kind: 'ratio<',
      value: 1.5,
    }),
    row('A -> B ws v2: round trip (p99)', 'µs', m.v2Rtt.p99!, 'raw ws echo', m.rawRtt.p99!, null),
    row(
      'A1 -> B ws v1: one-way events',
      'ev/s',
      m.v1.rate!,
      'raw ws, one message per frame',
      m.raw.rate!,
      null,
    ),
    row(
      'A1 -> B ws v1: one-way events',
      'ev/s',
      m.v1.rate!,
      'raw ws echo, one at a time',
      m.rawRtt.rate!,
      null,
    ),
  ];
  raw.ws.close();
  for (const client of [v2, v1]) {
    const gaplic = client.gaplic as GAplic;
    gaplic.destroyGObj(routerOf(gaplic));
    gaplic.stop();
  }
  peer.child.disconnect();
  rawPeer.child.disconnect();
  if (faults.length > 0) console.log(`  faults during the measures:\n    ${faults.join('\n    ')}`);
  return rows;
});
