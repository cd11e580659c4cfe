// The scenarios of docs/errors.md for GHttpServer (issue #8), kept beside
// errors-messages.test.ts, which runs them: real sockets on 127.0.0.1, the ports of our
// servers shown as 2690 (`noteServerPort`) and those of clients as 52814. The slow
// client's 408 waits for Node's own timer (0.2 s), in real time.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect } from 'node:net';
import { GHttpServer, destroyGObj, type GAplic } from '../../src/node.js';
import { advanceAndDrain } from '../../src/testing/index.js';
import { Site, raw } from '../net/http-helpers.js';
import { until } from '../net/ws-helpers.js';
import type { ClockBench, ErrorScenario, FaultScenario as Scenario } from './scenario-types.js';

type FaultScenario = Scenario<ClockBench>;

export function httpScenarios(
  newGAplic: () => GAplic,
  noteServerPort: (port: number) => void,
): { errors: ErrorScenario[]; faults: FaultScenario[] } {
  /** A GHttpServer 'http' of `gaplic` under a Site 'site', listening; and its end. */
  async function httpServer(gaplic: GAplic, kw: Record<string, unknown>) {
    const site = gaplic.createGObj('site', Site, gaplic);
    const server = gaplic.createGObj('http', GHttpServer, site, kw);
    const { port, url } = await server.listening;
    noteServerPort(port);
    return { site, server, port, url, stop: () => destroyGObj(site) };
  }

  const errors: ErrorScenario[] = [
    [
      'NET_HTTP_BAD_OPTION',
      () => {
        const gaplic = newGAplic();
        gaplic.createGObj('http', GHttpServer, gaplic, {
          apps: { api: () => {} },
        });
      },
    ],
    [
      'NET_HTTP_BAD_OPTION',
      () => {
        const gaplic = newGAplic();
        gaplic.createGObj('http', GHttpServer, gaplic, { maxBodySize: -1 });
      },
    ],
    [
      'NET_HTTP_BAD_RESPONSE',
      async () => {
        const gaplic = newGAplic();
        const { server, stop } = await httpServer(gaplic, {});
        try {
          gaplic.sendEvent(server, 'EV_HTTP_RESPONSE', { requestId: 1, status: 99 });
        } finally {
          stop();
        }
      },
    ],
    [
      'NET_HTTP_LISTEN_FAILED',
      async () => {
        const first = await httpServer(newGAplic(), {});
        const gaplic = newGAplic();
        const second = gaplic.createGObj('http', GHttpServer, gaplic, { port: first.port });
        try {
          await second.listening;
        } finally {
          destroyGObj(second);
          first.stop();
        }
      },
    ],
  ];

  const faults: FaultScenario[] = [
    [
      'HTTP_LISTEN_FAILED',
      async (b) => {
        const first = await httpServer(newGAplic(), {});
        const server = b.gaplic.createGObj('http', GHttpServer, b.gaplic, { port: first.port });
        await assert.rejects(server.listening, { code: 'NET_HTTP_LISTEN_FAILED' });
        destroyGObj(server);
        first.stop();
      },
    ],
    [
      'HTTP_BAD_REQUEST',
      async (b) => {
        const { port, stop } = await httpServer(b.gaplic, {});
        assert.match(await raw(port, 'NOT HTTP AT ALL\r\n\r\n'), /^HTTP\/1\.1 400 /);
        stop();
      },
    ],
    [
      'HTTP_HEADERS_TOO_LARGE',
      async (b) => {
        const { port, stop } = await httpServer(b.gaplic, {});
        const big = `GET / HTTP/1.1\r\nHost: h\r\nCookie: ${'c'.repeat(20_000)}\r\n\r\n`;
        assert.match(await raw(port, big), /^HTTP\/1\.1 431 /);
        stop();
      },
    ],
    [
      'HTTP_REQUEST_TIMEOUT',
      async (b) => {
        const { port, stop } = await httpServer(b.gaplic, {
          headersTimeout: 0.2,
          requestTimeout: 0.2,
        });
        assert.match(await raw(port, 'GET / HTTP/1.1\r\nHost: h\r\n'), /^HTTP\/1\.1 408 /);
        stop();
      },
    ],
    [
      'HTTP_BODY_TOO_LARGE',
      async (b) => {
        const { port, stop } = await httpServer(b.gaplic, { apps: { '/upload': () => {} } });
        const upload = 'POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 2097152\r\n\r\n';
        assert.match(await raw(port, upload), /^HTTP\/1\.1 413 /);
        stop();
      },
    ],
    [
      'HTTP_TOO_MANY_CONNECTIONS',
      async (b) => {
        const { server, port, stop } = await httpServer(b.gaplic, { maxConnections: 1 });
        const first = connect(port, '127.0.0.1');
        await once(first, 'connect');
        await until(() => server.stats.connections === 1);
        await raw(port, 'GET / HTTP/1.1\r\nHost: h\r\n\r\n');
        first.destroy();
        stop();
      },
    ],
    [
      'HTTP_UNKNOWN_APP',
      async (b) => {
        const { url, stop } = await httpServer(b.gaplic, { apps: { '/api': 'api' } });
        assert.equal((await fetch(`${url}/api/users`)).status, 500);
        stop();
      },
    ],
    [
      'HTTP_APP_FAILED',
      async (b) => {
        const print = () => {
          throw new Error('out of paper');
        };
        const { url, stop } = await httpServer(b.gaplic, { apps: { '/print': print } });
        assert.equal((await fetch(`${url}/print/page`)).status, 500);
        stop();
      },
    ],
    [
      'HTTP_RESPONSE_TIMEOUT',
      async (b) => {
        const gaplic = b.gaplic;
        const hello = gaplic.createGObj('hello', Site, gaplic);
        hello.mode = 'hold';
        const { url, stop } = await httpServer(gaplic, { apps: { '/hello': hello } });
        const answer = fetch(`${url}/hello`);
        await until(() => hello.held.length === 1);
        advanceAndDrain(gaplic, b.clock, 60);
        assert.equal((await answer).status, 503);
        stop();
      },
    ],
    [
      'HTTP_UNKNOWN_REQUEST',
      async (b) => {
        const { server, stop } = await httpServer(b.gaplic, {});
        b.gaplic.sendEvent(server, 'EV_HTTP_RESPONSE', { requestId: 7, body: 'late' });
        stop();
      },
    ],
  ];
  return { errors, faults };
}
