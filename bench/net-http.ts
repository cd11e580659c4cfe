/**
 * net-http. HTTP "hello" through GHttpServer (issue #8 item 4) against a raw `node:http`
 * server in the same process, measured in the same run; the load is autocannon in a
 * second process (`net-http-load.ts`) on loopback: 10 keep-alive connections, one request
 * in flight each, 3 s per run, 4 runs of each after a warm-up, the three servers taking
 * turns. Figures: responses per second, the mean latency (requests in flight / rate) and
 * the 99th percentile of autocannon (which counts whole milliseconds: its median is 0 or 1
 * here).
 *
 *   raw    http.createServer((req, res) => res.end('hello'))
 *   node   a GHttpServer whose app at '/' is the same Node listener
 *   fetch  a GHttpServer whose app at '/' is a fetch handler: () => new Response('hello')
 *
 * Target: the Node listener >= 0.8x raw. The fetch handler is reported: it pays for the
 * WHATWG Request and Response (undici's), which a raw server does not build.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { GAplic, GHttpServer, silentLogger, type Fault } from '../src/node.js';
import { measureAsync, within } from './harness-async.js';
import { row, runSection, type Sample } from './harness.js';

const CONNECTIONS = 10;
const PIPELINING = 1;
const SECONDS = 3;
const REPS = 4;
const LOAD = fileURLToPath(new URL('./net-http-load.js', import.meta.url));

function hello(_req: IncomingMessage, res: ServerResponse): void {
  res.end('hello');
}

const faults: string[] = [];

async function rawServer(): Promise<{ url: string; stop(): void }> {
  const server = createServer(hello);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => {
      server.close();
      server.closeAllConnections();
    },
  };
}

/** A started gaplic with a GHttpServer serving `application` at '/'. */
async function oursServer(application: unknown): Promise<{ url: string; stop(): void }> {
  const gaplic = new GAplic({
    name: 'bench',
    logger: silentLogger,
    onFault: (fault: Fault) => faults.push(`[${fault.code}] ${fault.message}`),
  });
  const server = gaplic.createGObj('http', GHttpServer, null, {
    application: application as never,
  });
  const running = gaplic.start();
  const { url } = await server.listening;
  return {
    url: `${url}/`,
    stop: () => {
      gaplic.destroyGObj(server);
      gaplic.stop();
      void running;
    },
  };
}

/** One run of the load process against `url`. */
function helloRun(loader: ChildProcess, url: string) {
  return async (scale: number): Promise<Sample> => {
    const answer = once(loader, 'message') as Promise<
      [{ rate?: number; p99?: number; error?: string }]
    >;
    loader.send({
      url,
      connections: CONNECTIONS,
      pipelining: PIPELINING,
      seconds: Math.max(1, Math.round(SECONDS * scale)),
    });
    const [result] = await within(60_000, () => `http load on ${url}`, answer);
    if (result.error !== undefined) throw new Error(result.error);
    // Little's law: requests in flight / rate (autocannon's own mean is of whole ms).
    const mean = (CONNECTIONS * PIPELINING * 1000) / result.rate!;
    return { rate: result.rate!, mean, p99: result.p99! };
  };
}

runSection(
  'net-http. HTTP hello: GHttpServer vs raw node:http, autocannon from another process',
  async () => {
    const loader = fork(LOAD, [], { execArgv: ['--enable-source-maps'] });
    const servers = await Promise.all([
      rawServer(),
      oursServer(hello),
      oursServer({ fetch: () => new Response('hello') }),
    ]);
    const [raw, node, fetchApp] = servers;
    try {
      const m = await measureAsync(REPS, {
        raw: helloRun(loader, raw.url),
        node: helloRun(loader, node.url),
        fetch: helloRun(loader, fetchApp.url),
      });
      if (faults.length > 0) throw new Error(`faults: ${faults.slice(0, 3).join('; ')}`);
      const load = `${CONNECTIONS} conn., ${SECONDS} s`;
      return [
        row(
          `http hello, Node listener, ${load}`,
          'req/s',
          m.node.rate!,
          'raw node:http',
          m.raw.rate!,
          {
            kind: 'ratio>=',
            value: 0.8,
          },
        ),
        row(
          `http hello, fetch handler, ${load}`,
          'req/s',
          m.fetch.rate!,
          'raw node:http',
          m.raw.rate!,
          null,
        ),
        row(
          'http hello, Node listener, latency mean',
          'ms',
          m.node.mean!,
          'raw node:http',
          m.raw.mean!,
          null,
        ),
        row(
          'http hello, Node listener, latency p99',
          'ms',
          m.node.p99!,
          'raw node:http',
          m.raw.p99!,
          null,
        ),
        row(
          'http hello, fetch handler, latency mean',
          'ms',
          m.fetch.mean!,
          'raw node:http',
          m.raw.mean!,
          null,
        ),
        row(
          'http hello, fetch handler, latency p99',
          'ms',
          m.fetch.p99!,
          'raw node:http',
          m.raw.p99!,
          null,
        ),
      ];
    } finally {
      loader.kill();
      for (const server of servers) server.stop();
    }
  },
);
