// Faults between gaplics on different hosts, for real on loopback: the TCP connection of a
// v2 stream cut 20 times, the receiving process killed and started again, a peer that
// stops answering with its socket open (SIGSTOP). Real time: sockets, processes, and
// the kernel's view of them, which a TestClock cannot drive.
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GAplic, GObj, routerOf, type Fault, type GEvent, type Route } from '../../src/node.js';
import { until } from '../fixtures/client.js';
import { tcpProxy } from '../fixtures/tcp-proxy.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/${name}.js`, import.meta.url));

interface SinkReport {
  first: number;
  last: number;
  count: number;
  disorder: number;
}

/** Starts the sink gaplic 'B' in a child process, listening on `port`. */
async function startSink(port: number): Promise<ChildProcess> {
  const child = fork(fixture('ws-sink'), [String(port)], { stdio: 'inherit' });
  await once(child, 'message');
  return child;
}

async function report(child: ChildProcess): Promise<SinkReport> {
  const answer = once(child, 'message');
  child.send('report');
  return (await answer)[0] as SinkReport;
}

async function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

/** A free loopback port (listened on and released). */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function acNack(source: Source, _event: GEvent): void {
  source.nacks++;
}

const sourceFsm = {
  eventList: ['EV_NACK: top input'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_NACK', acNack, null]] },
} as const;

/** The sender of the stream: counts the events nacked back to it. */
class Source extends GObj<typeof sourceFsm> {
  static override fsm = sourceFsm;
  nacks = 0;
}

/** Gaplic 'A' with a static route to B at `url`; `source` sends the stream. */
function gaplicA(url: string, faults: Fault[], settings: Record<string, unknown> = {}) {
  const a = new GAplic({
    name: 'A',
    roles: ['source'],
    onFault: (f) => faults.push(f),
    settings: {
      'router.staticRoutes': `B, sink, ${url}`,
      'router.reconnectMin': 0.01,
      'router.reconnectMax': 0.1,
      'router.heartbeat': 0,
      ...settings,
    },
  });
  const source = a.createGObj('source', Source, a, { uniqueName: true });
  const router = routerOf(a);
  const running = a.start();
  const route = (): Route => router.routes[0]!;
  return {
    a,
    source,
    router,
    route,
    /** Sends EV_SEQ 0..n-1, keeping at most `ahead` events queued or in flight. */
    stream(n: number, ahead = 20_000): Promise<void> {
      let sent = 0;
      return new Promise((resolve) => {
        const pump = (): void => {
          while (sent < n && route().queued + route().inflight < ahead) {
            a.sendEventOutside('B', '', 'sink', 'EV_SEQ', source, { n: sent++ });
          }
          if (sent < n) setImmediate(pump);
          else resolve();
        };
        pump();
      });
    },
    async close(): Promise<void> {
      a.destroyGObj(router);
      a.stop();
      await running;
    },
  };
}

describe('router faults over real sockets', () => {
  test('a v2 stream of 100,000 events survives 20 cuts of its TCP connection: each delivered once, in order', async (t) => {
    const N = 100_000;
    const port = await freePort();
    const sink = await startSink(port);
    const proxy = await tcpProxy(port);
    const faults: Fault[] = [];
    const A = gaplicA(`ws://127.0.0.1:${proxy.port}`, faults);
    try {
      await until(() => A.route().state === 'up', 5000, 'route up');
      // 20 cuts at random moments of the stream (by progress, so that they all fall in it).
      const marks = Array.from({ length: 20 }, () => Math.floor(Math.random() * N * 0.8)).sort(
        (x, y) => x - y,
      );
      let cuts = 0;
      const cutter = setInterval(() => {
        // A mark passed while the last cut is still reconnecting waits for the new connection.
        if (cuts < marks.length && A.route().counters.acked >= marks[cuts]! && proxy.cut() > 0) {
          cuts++;
        }
      }, 1);
      await A.stream(N);
      await until(() => A.route().counters.acked === N, 30_000, `${N} events acked`);
      clearInterval(cutter);
      const seen = await report(sink);
      assert.deepEqual(seen, { first: 0, last: N - 1, count: N, disorder: 0 });
      assert.equal(A.source.nacks, 0);
      assert.equal(A.route().counters.failed, 0);
      assert.equal(cuts, 20);
      assert.equal(proxy.accepted, 21, 'one connection, then one after each cut');
      assert.ok(A.route().counters.resent > 0, 'events in flight were sent again');
      assert.ok(faults.some((f) => f.code === 'LINK_LOST'));
      t.diagnostic(
        `cuts ${cuts}, connections ${proxy.accepted}, resent ${A.route().counters.resent}`,
      );
    } finally {
      await A.close();
      await proxy.close();
      await kill(sink);
    }
  });

  test("B's process killed and started again mid-stream: A reconnects and resumes; what was in flight is nacked, nothing is lost or doubled", async (t) => {
    const N = 50_000;
    const port = await freePort();
    let sink = await startSink(port);
    const faults: Fault[] = [];
    const A = gaplicA(`ws://127.0.0.1:${port}`, faults);
    try {
      await until(() => A.route().state === 'up', 5000, 'route up');
      const streaming = A.stream(N);
      await until(() => A.route().counters.acked >= N / 3, 20_000, 'a third acked');
      await kill(sink);
      const ackedByOld = A.route().counters.acked;
      sink = await startSink(port);
      await streaming;
      await until(
        () => A.route().counters.acked + A.route().counters.failed === N,
        30_000,
        'every event acked or nacked',
      );
      const { acked, failed } = A.route().counters;
      const seen = await report(sink);
      assert.equal(seen.disorder, 0);
      assert.equal(seen.last, N - 1);
      assert.equal(seen.count, acked - ackedByOld, 'the new B got exactly what it acked');
      assert.equal(ackedByOld + failed + seen.count, N);
      await until(() => A.source.nacks === failed, 5000, 'every failed event nacked to its sender');
      t.diagnostic(
        `acked by the first B ${ackedByOld}, nacked ${failed}, by the second ${seen.count}`,
      );
      assert.ok(faults.some((f) => f.code === 'ROUTE_CONNECT_FAILED' || f.code === 'LINK_LOST'));
    } finally {
      await A.close();
      await kill(sink);
    }
  });

  test('a server whose process stops answering (SIGSTOP) is detected by the client heartbeat within heartbeatTimeout', async () => {
    const port = await freePort();
    const sink = await startSink(port);
    const faults: Fault[] = [];
    const A = gaplicA(`ws://127.0.0.1:${port}`, faults, {
      'router.heartbeat': 0.1,
      'router.heartbeatTimeout': 0.4,
    });
    try {
      await until(() => A.route().state === 'up', 5000, 'route up');
      sink.kill('SIGSTOP');
      const stopped = Date.now();
      await until(
        () => faults.some((f) => f.code === 'HEARTBEAT_TIMEOUT'),
        3000,
        'HEARTBEAT_TIMEOUT',
      );
      const took = (Date.now() - stopped) / 1000;
      assert.ok(took >= 0.3 && took < 1.2, `detected after ${took} s`);
      assert.notEqual(A.route().state, 'up');
    } finally {
      sink.kill('SIGCONT');
      await A.close();
      await kill(sink);
    }
  });

  test('a client whose process stops answering (SIGSTOP) is detected by the server heartbeat', async () => {
    const faults: Fault[] = [];
    const b = new GAplic({
      name: 'B',
      roles: ['sink'],
      onFault: (f) => faults.push(f),
      settings: {
        'router.server': true,
        'router.port': 0,
        'router.heartbeat': 0.1,
        'router.heartbeatTimeout': 0.4,
      },
    });
    const router = routerOf(b);
    const running = b.start();
    const url = (await router.listening)!.url;
    const client = fork(fixture('ws-client'), [url], { stdio: 'inherit' });
    try {
      await until(() => router.routes.some((r) => r.name === 'C' && r.state === 'up'), 5000, 'C');
      client.kill('SIGSTOP');
      const stopped = Date.now();
      await until(
        () => faults.some((f) => f.code === 'HEARTBEAT_TIMEOUT'),
        3000,
        'HEARTBEAT_TIMEOUT',
      );
      const took = (Date.now() - stopped) / 1000;
      assert.ok(took >= 0.3 && took < 1.2, `detected after ${took} s`);
      // v2: the route waits (linger) for C to come back.
      assert.equal(router.routes.find((r) => r.name === 'C')?.state, 'holding');
    } finally {
      client.kill('SIGCONT');
      await kill(client);
      b.destroyGObj(router);
      b.stop();
      await running;
    }
  });
});
