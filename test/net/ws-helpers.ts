// Shared by the GWebSocket tests: a gaplic on a TestClock (the endpoints' ping and close
// timers run on it; the sockets are real), a gobj that records what its GWebSockets tell
// it, raw `ws` peers that misbehave on purpose, and a wait that drains the gaplic.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import WebSocket, { WebSocketServer } from 'ws';
import { GAplic, GObj, type Fault, type GEvent } from '../../src/node.js';
import { CaptureLogger, TestClock, drain } from '../../src/testing/index.js';

/** One event a Recorder received: its name and kw. */
export interface Seen {
  readonly name: string;
  readonly kw: Readonly<Record<string, unknown>>;
}

function acRecord(recorder: Recorder, event: GEvent): void {
  recorder.seen.push({ name: event.eventName, kw: event.kw });
  const websocket = event.kw.websocket as GObj;
  // Only the server's side echoes (its connections are the server's children).
  if (recorder.echo && event.eventName === 'EV_ON_MESSAGE' && websocket.parent !== recorder) {
    recorder.sendEvent(websocket, 'EV_SEND_MESSAGE', { data: event.kw.data });
  }
}

const recorderFsm = {
  eventList: ['EV_ON_OPEN', 'EV_ON_MESSAGE', 'EV_ON_CLOSE', 'EV_TRANSMIT_READY', 'EV_LISTENING'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_ON_OPEN', acRecord, null],
      ['EV_ON_MESSAGE', acRecord, null],
      ['EV_ON_CLOSE', acRecord, null],
      ['EV_TRANSMIT_READY', acRecord, null],
      ['EV_LISTENING', acRecord, null],
    ],
  },
} as const;

/** Records every event of its GWebSockets (and servers); echoes messages when `echo`. */
export class Recorder extends GObj<typeof recorderFsm> {
  static override fsm = recorderFsm;
  readonly seen: Seen[] = [];
  echo = false;

  /** The kw of the events named `name`, in order. */
  kws(name: string): Readonly<Record<string, unknown>>[] {
    return this.seen.filter((s) => s.name === name).map((s) => s.kw);
  }
}

/** A gaplic 'app' on a TestClock, its faults and log lines captured, and a Recorder. */
export interface World {
  readonly gaplic: GAplic;
  readonly clock: TestClock;
  readonly logger: CaptureLogger;
  readonly faults: Fault[];
  readonly recorder: Recorder;
}

export function world(): World {
  const clock = new TestClock();
  const logger = new CaptureLogger();
  const faults: Fault[] = [];
  const gaplic = new GAplic({ name: 'app', clock, logger, onFault: (f) => faults.push(f) });
  const recorder = gaplic.createGObj('recorder', Recorder, gaplic);
  return { gaplic, clock, logger, faults, recorder };
}

/** Waits (real time, at most 5 s) until `condition` holds, draining the gaplic meanwhile. */
export async function until(condition: () => boolean, gaplic?: GAplic): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    if (gaplic !== undefined) drain(gaplic);
    if (condition()) return;
    assert.ok(Date.now() < deadline, `still waiting for ${String(condition)}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** A raw `ws` server on a free loopback port; `onConnection` plays the peer. */
export async function rawServer(
  onConnection: (ws: WebSocket) => void,
  options: { autoPong?: boolean } = {},
): Promise<{ url: string; wss: WebSocketServer; close(): Promise<void> }> {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    autoPong: options.autoPong ?? true,
  });
  await once(wss, 'listening');
  wss.on('connection', onConnection);
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    wss,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}

/** A raw `ws` client, open. */
export async function rawClient(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await once(ws, 'open');
  return ws;
}

/** The code and reason a raw socket is closed with. */
export function closeOf(ws: WebSocket): Promise<[number, string]> {
  return new Promise((resolve) =>
    ws.once('close', (code, reason) => resolve([code, reason.toString()])),
  );
}

/** The codes of the faults reported so far. */
export function faultCodes(w: World): string[] {
  return w.faults.map((f) => f.code);
}
