/**
 * net-ws. WebSocket echo through GWebSocketServer / GWebSocket (issue #8): a gobj answers
 * each EV_ON_MESSAGE with EV_SEND_MESSAGE of the same data on the same connection, against
 * a raw `ws` echo server (`ws.send(data)` in its 'message' listener) in the same process,
 * measured in the same run. The load comes from a second process (`net-ws-load.ts`):
 * 8 connections on loopback, each keeping 16 text messages of 64 bytes in flight, 100,000
 * echoes per run; figure: echoes per second. Target: ours >= 0.8x raw ws.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { GAplic, GObj, GWebSocketServer, silentLogger, type GEvent } from '../src/node.js';
import { measureAsync, within } from './harness-async.js';
import { row, runSection, scaled, type Sample } from './harness.js';

const MESSAGES = 100_000;
const CONNECTIONS = 8;
const WINDOW = 16;
const SIZE = 64;
const REPS = 5;
const LOAD = fileURLToPath(new URL('./net-ws-load.js', import.meta.url));

function acEcho(echo: Echo, event: GEvent): void {
  echo.sendEvent(event.kw.websocket as GObj, 'EV_SEND_MESSAGE', { data: event.kw.data });
}

const echoFsm = {
  eventList: ['EV_ON_MESSAGE', 'EV_ON_OPEN', 'EV_ON_CLOSE', 'EV_LISTENING'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_ON_MESSAGE', acEcho, null],
      ['EV_ON_OPEN', null, null],
      ['EV_ON_CLOSE', null, null],
      ['EV_LISTENING', null, null],
    ],
  },
} as const;

class Echo extends GObj<typeof echoFsm> {
  static override fsm = echoFsm;
}

/** Ours: a started gaplic, its Echo gobj and the GWebSocketServer under it. */
async function oursServer(): Promise<{ url: string; stop(): void }> {
  const gaplic = new GAplic({ name: 'bench', logger: silentLogger });
  const echo = gaplic.createGObj('echo', Echo, gaplic);
  const server = gaplic.createGObj('server', GWebSocketServer, echo, { pingInterval: 0 });
  const running = gaplic.start();
  const { url } = await server.listening;
  return {
    url,
    stop: () => {
      gaplic.destroyGObj(echo);
      gaplic.stop();
      void running;
    },
  };
}

async function rawServer(): Promise<{ url: string; stop(): void }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await once(wss, 'listening');
  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  });
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    stop: () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

/** Runs one load in the load process against `url`. */
function echoRun(loader: ChildProcess, url: string) {
  return async (scale: number): Promise<Sample> => {
    const answer = once(loader, 'message') as Promise<[{ rate?: number; error?: string }]>;
    loader.send({
      url,
      connections: CONNECTIONS,
      messages: scaled(MESSAGES, scale),
      window: WINDOW,
      size: SIZE,
    });
    const [result] = await within(60_000, () => `echo load on ${url}`, answer);
    if (result.error !== undefined) throw new Error(result.error);
    return { rate: result.rate! };
  };
}

runSection(
  'net-ws. WebSocket echo: GWebSocketServer vs raw ws, load from another process',
  async () => {
    const loader = fork(LOAD, [], { execArgv: ['--enable-source-maps'] });
    const [ours, raw] = await Promise.all([oursServer(), rawServer()]);
    try {
      const m = await measureAsync(REPS, {
        ours: echoRun(loader, ours.url),
        raw: echoRun(loader, raw.url),
      });
      return [
        row(
          `ws echo, ${CONNECTIONS} connections x ${WINDOW} in flight, ${SIZE} B text`,
          'msg/s',
          m.ours.rate!,
          'raw ws echo server',
          m.raw.rate!,
          { kind: 'ratio>=', value: 0.8 },
        ),
      ];
    } finally {
      loader.kill();
      ours.stop();
      raw.stop();
    }
  },
);
