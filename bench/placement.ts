/**
 * 15. Events between gaplics of one process tree: main → a gaplic in a worker thread and
 * in a child process. One way: N events sent with `sendEventOutside` (the remote action
 * counts them), in bursts of 10,000 per turn of the loop, timed until an EV_COUNT query
 * behind them answers N; against raw
 * `postMessage` / `process.send` (JSON) of the same payload, one message per event, to a
 * peer that counts and answers the same query. Round trip: an event with
 * `__subscribe_response__` and its answer, one at a time, p50; against a raw ping/pong.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  GAplic,
  routerOf,
  setGlobalMainGAplic,
  setupGAplicProcess,
  setupGAplicThread,
  shutdown,
  silentLogger,
  type GAplicWorker,
} from '../src/node.js';
import { measureAsync, percentile, within, yieldToIo } from './harness-async.js';
import { RemoteClient } from './remote-client.js';
import { row, runSection, scaled, type Row, type Sample } from './harness.js';

const EVENTS = 200_000;
const ROUND_TRIPS = 2000;
const REPS = 3;
/** Events sent per turn of the loop (both sides yield to I/O between bursts). */
const BURST = 10_000;
const BACKLOG = 50_000;
const APPS = fileURLToPath(new URL('./placement-apps.js', import.meta.url));
const RAW_PEER = fileURLToPath(new URL('./raw-peer.js', import.meta.url));

// ---- ours: a main gaplic and its client gobj -------------------------------------------

async function oursOneWay(client: RemoteClient, target: string, n: number): Promise<Sample> {
  const before = (await client.ask(target, 'EV_COUNT')) as number;
  const start = performance.now();
  const gaplic = client.gaplic as GAplic;
  for (let i = 0; i < n; i++) {
    gaplic.sendEventOutside(target, '', 'sink', 'EV_HIT', client, { n: i });
    if (i % BURST === BURST - 1) await backpressure(gaplic, target);
  }
  const count = (await within(
    30_000,
    () => 'one-way events',
    client.ask(target, 'EV_COUNT'),
  )) as number;
  const ms = performance.now() - start;
  if (count !== before + n) throw new Error(`${count - before} of ${n} events counted`);
  return { rate: n / (ms / 1000) };
}

async function oursRoundTrip(client: RemoteClient, target: string, n: number): Promise<Sample> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const answer = await client.ask(target, 'EV_PING', i);
    times.push(performance.now() - start);
    if (answer !== i) throw new Error(`ping ${i} answered ${String(answer)}`);
  }
  return { p50: percentile(times, 0.5) * 1000 };
}

// ---- the anchor: raw messages to a raw peer --------------------------------------------

interface RawPeer {
  send(message: unknown): void;
  next(): Promise<Record<string, number>>;
  close(): void;
}

function rawPeer(kind: 'thread' | 'process'): RawPeer {
  let waiting: ((value: Record<string, number>) => void) | null = null;
  const onMessage = (m: unknown): void => waiting?.(m as Record<string, number>);
  let send: (message: unknown) => void;
  let close: () => void;
  if (kind === 'thread') {
    const worker = new Worker(RAW_PEER);
    worker.on('message', onMessage);
    send = (m) => worker.postMessage(m);
    close = () => void worker.terminate();
  } else {
    const child: ChildProcess = fork(RAW_PEER, [], { serialization: 'json' });
    child.on('message', onMessage);
    send = (m) => void child.send(m as object);
    close = () => void child.kill();
  }
  return {
    send,
    next: () => new Promise((resolve) => (waiting = resolve)),
    close,
  };
}

async function rawOneWay(peer: RawPeer, n: number): Promise<Sample> {
  peer.send({ t: 'count' });
  const before = (await peer.next()).count!;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    peer.send({ t: 'hit', n: i });
    if (i % BURST === BURST - 1) await yieldToIo();
  }
  peer.send({ t: 'count' });
  const { count } = await within(30_000, () => 'raw one-way', peer.next());
  const ms = performance.now() - start;
  if (count !== before + n) throw new Error(`raw: ${count! - before} of ${n} counted`);
  return { rate: n / (ms / 1000) };
}

async function rawRoundTrip(peer: RawPeer, n: number): Promise<Sample> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    peer.send({ t: 'ping', n: i });
    const { pong } = await peer.next();
    times.push(performance.now() - start);
    if (pong !== i) throw new Error(`raw ping ${i} answered ${String(pong)}`);
  }
  return { p50: percentile(times, 0.5) * 1000 };
}

/**
 * Yields to I/O, and waits while more than BACKLOG events wait for the peer: a route's
 * queue is bounded (beyond it events are nacked), so a sender that outruns its peer waits
 * as a well-behaved application does.
 */
async function backpressure(gaplic: GAplic, target: string): Promise<void> {
  await yieldToIo();
  const route = routerOf(gaplic).routes.find((r) => r.name === target)!;
  while (route.queued > BACKLOG) await new Promise((resolve) => setTimeout(resolve, 1));
}

// ---- the section --------------------------------------------------------------------------

runSection('15. placement: main -> thread and process', async () => {
  const main = new GAplic({ name: 'Bench', roles: ['bench'], logger: silentLogger });
  const client = main.createGObj('client', RemoteClient, main, { uniqueName: true });
  setGlobalMainGAplic(main);
  const running = main.start();
  const workers: [string, GAplicWorker][] = [
    ['Thread', setupGAplicThread({ module: APPS, export: 'sinkMain', name: 'Thread' })],
    ['Process', setupGAplicProcess({ module: APPS, export: 'sinkMain', name: 'Process' })],
  ];
  await Promise.all(workers.map(([, w]) => w.start()));
  const rows: Row[] = [];
  for (const [kind, label, rawName] of [
    ['thread', 'Thread', 'raw postMessage'],
    ['process', 'Process', 'raw process.send (json)'],
  ] as const) {
    const peer = rawPeer(kind);
    const m = await measureAsync(REPS, {
      ours: async (s) => ({
        ...(await oursOneWay(client, label, scaled(EVENTS, s))),
        ...(await oursRoundTrip(client, label, scaled(ROUND_TRIPS, s))),
      }),
      raw: async (s) => ({
        ...(await rawOneWay(peer, scaled(EVENTS, s))),
        ...(await rawRoundTrip(peer, scaled(ROUND_TRIPS, s))),
      }),
    });
    peer.close();
    rows.push(
      row(
        `main -> ${kind}: one-way events`,
        'ev/s',
        m.ours.rate!,
        `${rawName}, one per event`,
        m.raw.rate!,
        {
          kind: 'ratio>=',
          value: 2,
        },
      ),
      row(
        `main -> ${kind}: round trip (p50)`,
        'µs',
        m.ours.p50!,
        `${rawName} ping/pong`,
        m.raw.p50!,
        {
          kind: 'ratio<',
          value: 1.5,
        },
      ),
    );
  }
  await shutdown();
  await running;
  return rows;
});
