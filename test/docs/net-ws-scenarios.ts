// The scenarios of docs/errors.md for GWebSocket and GWebSocketServer (issue #8), kept
// beside errors-messages.test.ts, which runs them: real sockets on 127.0.0.1, the ports of
// our servers shown as 2690 (`noteServerPort`) and the others as 52814.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { GWebSocket, GWebSocketServer, destroyGObj, type GAplic } from '../../src/node.js';
import { advanceAndDrain, drain } from '../../src/testing/index.js';
import { Recorder, rawClient, until } from '../net/ws-helpers.js';
import type { ClockBench, ErrorScenario, FaultScenario as Scenario } from './scenario-types.js';

type FaultScenario = Scenario<ClockBench>;

/** A GWebSocketServer 'server' of `gaplic` on a free port, and a way to end it. */
async function wsServer(gaplic: GAplic, kw: Record<string, unknown> = {}) {
  const recorder = gaplic.createGObj('recorder', Recorder, gaplic);
  const server = gaplic.createGObj('server', GWebSocketServer, recorder, kw);
  const address = await server.listening;
  return { recorder, server, address, stop: () => destroyGObj(recorder) };
}

/** A raw ws server on a free port. */
async function rawServer(autoPong = true): Promise<WebSocketServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong });
  await once(wss, 'listening');
  return wss;
}

function portOf(wss: WebSocketServer): number {
  return (wss.address() as { port: number }).port;
}

async function stopRaw(wss: WebSocketServer): Promise<void> {
  for (const ws of wss.clients) ws.terminate();
  await new Promise((resolve) => wss.close(resolve));
}

export function wsScenarios(
  newGAplic: () => GAplic,
  noteServerPort: (port: number) => void,
): { errors: ErrorScenario[]; faults: FaultScenario[] } {
  /** An open client 'client' of a fresh gaplic to a raw server. */
  async function openClient(): Promise<{
    gaplic: GAplic;
    client: GWebSocket;
    end: () => Promise<void>;
  }> {
    const wss = await rawServer();
    noteServerPort(portOf(wss));
    const gaplic = newGAplic();
    const recorder = gaplic.createGObj('recorder', Recorder, gaplic);
    const client = gaplic.createGObj('client', GWebSocket, recorder, {
      url: `ws://127.0.0.1:${portOf(wss)}/`,
    });
    await until(() => client.getCurrentState() === 'ST_OPEN', gaplic);
    return {
      gaplic,
      client,
      end: async () => {
        destroyGObj(recorder);
        await stopRaw(wss);
      },
    };
  }

  const errors: ErrorScenario[] = [
    [
      'NET_WS_BAD_MESSAGE',
      async () => {
        const { gaplic, client, end } = await openClient();
        try {
          gaplic.sendEvent(client, 'EV_SEND_MESSAGE', { data: undefined });
        } finally {
          await end();
        }
      },
    ],
    [
      'NET_WS_BAD_CLOSE',
      async () => {
        const { gaplic, client, end } = await openClient();
        try {
          gaplic.sendEvent(client, 'EV_DROP', { code: 1006 });
        } finally {
          await end();
        }
      },
    ],
    [
      'NET_WS_BAD_OPTION',
      () => {
        const gaplic = newGAplic();
        gaplic.createGObj('server', GWebSocketServer, gaplic, { httpServer: {} as never });
      },
    ],
    [
      'NET_WS_BAD_OPTION',
      () => {
        const gaplic = newGAplic();
        const client = gaplic.createGObj('client', GWebSocket, gaplic);
        gaplic.sendEvent(client, 'EV_CONNECT');
      },
    ],
    [
      'NET_WS_LISTEN_FAILED',
      async () => {
        const first = await wsServer(newGAplic());
        noteServerPort(first.address.port);
        const gaplic = newGAplic();
        const second = gaplic.createGObj('server', GWebSocketServer, gaplic, {
          port: first.address.port,
        });
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
      'WS_CONNECT_FAILED',
      async (b) => {
        const probe = createServer().listen(0, '127.0.0.1');
        await once(probe, 'listening');
        const { port } = probe.address() as { port: number };
        probe.close();
        await once(probe, 'close');
        noteServerPort(port);
        const recorder = b.gaplic.createGObj('recorder', Recorder, b.gaplic);
        b.gaplic.createGObj('client', GWebSocket, recorder, { url: `ws://127.0.0.1:${port}/` });
        await until(() => recorder.kws('EV_ON_CLOSE').length === 1, b.gaplic);
      },
    ],
    [
      'WS_PING_TIMEOUT',
      async (b) => {
        const wss = await rawServer(false); // it does not answer pings
        noteServerPort(portOf(wss));
        try {
          const recorder = b.gaplic.createGObj('recorder', Recorder, b.gaplic);
          const client = b.gaplic.createGObj('client', GWebSocket, recorder, {
            url: `ws://127.0.0.1:${portOf(wss)}/`,
          });
          await until(() => client.getCurrentState() === 'ST_OPEN', b.gaplic);
          advanceAndDrain(b.gaplic, b.clock, 30); // pingInterval: pinged
          advanceAndDrain(b.gaplic, b.clock, 10); // pingTimeout: dropped
          await until(() => recorder.kws('EV_ON_CLOSE').length === 1, b.gaplic);
        } finally {
          await stopRaw(wss);
        }
      },
    ],
    [
      'WS_MESSAGE_TOO_LARGE',
      async (b) => {
        const { recorder, address, stop } = await wsServer(b.gaplic);
        noteServerPort(address.port);
        const raw = await rawClient(address.url);
        raw.send(Buffer.alloc(1024 * 1024 + 1));
        await until(() => recorder.kws('EV_ON_CLOSE').length === 1, b.gaplic);
        stop();
      },
    ],
    [
      'WS_WRONG_MESSAGE_TYPE',
      async (b) => {
        const { recorder, address, stop } = await wsServer(b.gaplic, { accept: 'text' });
        noteServerPort(address.port);
        const raw = await rawClient(address.url);
        raw.send(Buffer.from([1, 2, 3]));
        await until(() => recorder.kws('EV_ON_CLOSE').length === 1, b.gaplic);
        stop();
      },
    ],
    [
      'WS_TX_OVERFLOW',
      async (b) => {
        const wss = await rawServer();
        wss.on('connection', (ws: WebSocket) => ws.pause()); // it reads nothing
        noteServerPort(portOf(wss));
        try {
          const recorder = b.gaplic.createGObj('recorder', Recorder, b.gaplic);
          const client = b.gaplic.createGObj('client', GWebSocket, recorder, {
            url: `ws://127.0.0.1:${portOf(wss)}/`,
            maxBuffered: 65536,
          });
          await until(() => client.getCurrentState() === 'ST_OPEN', b.gaplic);
          const data = 'z'.repeat(16384);
          let sent: unknown = true;
          for (let i = 0; i < 100_000 && sent === true; i++) {
            sent = b.gaplic.sendEvent(client, 'EV_SEND_MESSAGE', { data });
            if (i % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
          }
          assert.equal(sent, false);
          drain(b.gaplic);
          destroyGObj(recorder);
        } finally {
          await stopRaw(wss);
        }
      },
    ],
    [
      'WS_LISTEN_FAILED',
      async (b) => {
        const first = await wsServer(newGAplic());
        noteServerPort(first.address.port);
        const server = b.gaplic.createGObj('server', GWebSocketServer, b.gaplic, {
          port: first.address.port,
        });
        await assert.rejects(server.listening, { code: 'NET_WS_LISTEN_FAILED' });
        destroyGObj(server);
        first.stop();
      },
    ],
  ];
  return { errors, faults };
}
