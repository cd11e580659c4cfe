/**
 * A WebSocket echo server and its client, as gobjs of one gaplic. The gobj `echo` owns a
 * GWebSocketServer and sends every message back to the connection it came from; the gobj
 * `greeter` owns a GWebSocket client: once open, it sends a text, a JSON value and some
 * bytes, prints the echoes, closes with 1000 'bye' after the third, and stops the gaplic.
 *
 *   npm run compile && node build/examples/ws-echo/main.js [port]     (0: any free port)
 *   node build/examples/ws-echo/main.js ws://127.0.0.1:2690/echo      (a server already running)
 */
import process from 'node:process';
import {
  GAplic,
  GObj,
  GWebSocket,
  GWebSocketServer,
  type GEvent,
  type GConfigTemplate,
} from '../../src/node.js';

// ---- the server side --------------------------------------------------------------------

function acListening(_echo: Echo, event: GEvent): void {
  console.log(`echo: listening on ${String(event.kw.url)}`);
  process.send?.({ url: event.kw.url }); // for a parent process that waits for it
}

function acEchoOpen(_echo: Echo, event: GEvent): void {
  console.log(`echo: ${String(event.kw.peername)} connected`);
}

function acEchoMessage(echo: Echo, event: GEvent): void {
  // The connection that received it sends it back, text as text and bytes as bytes.
  echo.sendEvent(event.kw.websocket as GWebSocket, 'EV_SEND_MESSAGE', { data: event.kw.data });
}

function acEchoClose(_echo: Echo, event: GEvent): void {
  console.log(`echo: connection closed (${String(event.kw.code)} ${String(event.kw.reason)})`);
}

const echoFsm = {
  eventList: ['EV_LISTENING', 'EV_ON_OPEN', 'EV_ON_MESSAGE', 'EV_ON_CLOSE'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_LISTENING', acListening, null],
      ['EV_ON_OPEN', acEchoOpen, null],
      ['EV_ON_MESSAGE', acEchoMessage, null],
      ['EV_ON_CLOSE', acEchoClose, null],
    ],
  },
} as const;

const echoConfig = {
  port: { type: 'int', default: 0, description: 'Port of the echo server (0: any free)' },
} as const satisfies GConfigTemplate;

class Echo extends GObj<typeof echoFsm, typeof echoConfig> {
  static override fsm = echoFsm;
  static override gconfig = echoConfig;

  override startUp(): void {
    // Its connections' events come to this gobj, the server's parent.
    this.createGObj('server', GWebSocketServer, this, { port: this.config.port, path: '/echo' });
  }
}

// ---- the client side --------------------------------------------------------------------

function acOpen(greeter: Greeter, event: GEvent): void {
  console.log(`greeter: connected to ${String(event.kw.peername)}`);
  const ws = event.kw.websocket as GWebSocket;
  greeter.sendEvent(ws, 'EV_SEND_MESSAGE', { data: 'hello' });
  greeter.sendEvent(ws, 'EV_SEND_MESSAGE', { data: { n: 1, say: 'JSON' } });
  greeter.sendEvent(ws, 'EV_SEND_MESSAGE', { data: Uint8Array.of(0xca, 0xfe) });
}

function acMessage(greeter: Greeter, event: GEvent): void {
  const { data, binary } = event.kw as { data: string | Uint8Array; binary: boolean };
  const shown = binary ? `bytes ${Buffer.from(data).toString('hex')}` : `text ${String(data)}`;
  console.log(`greeter: echo ${++greeter.echoes}: ${shown}`);
  if (greeter.echoes === 3) {
    greeter.sendEvent(event.kw.websocket as GWebSocket, 'EV_DROP', { code: 1000, reason: 'bye' });
  }
}

function acClose(greeter: Greeter, event: GEvent): void {
  console.log(`greeter: closed (${String(event.kw.code)} ${String(event.kw.reason)})`);
  process.exitCode = greeter.echoes === 3 ? 0 : 1;
  // Through the queue, behind the server's own work on its closed connection.
  greeter.postEvent(greeter, 'EV_STOP');
}

function acStop(greeter: Greeter, _event: GEvent): void {
  greeter.gaplic!.stop();
}

const greeterFsm = {
  eventList: ['EV_ON_OPEN', 'EV_ON_MESSAGE', 'EV_ON_CLOSE', 'EV_STOP'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_ON_OPEN', acOpen, null],
      ['EV_ON_MESSAGE', acMessage, null],
      ['EV_ON_CLOSE', acClose, null],
      ['EV_STOP', acStop, null],
    ],
  },
} as const;

const greeterConfig = {
  url: { type: 'str', default: '', description: 'The echo server to greet' },
} as const satisfies GConfigTemplate;

class Greeter extends GObj<typeof greeterFsm, typeof greeterConfig> {
  static override fsm = greeterFsm;
  static override gconfig = greeterConfig;
  echoes = 0;

  override startUp(): void {
    // A client connects to its url when it starts; its events come to its parent.
    this.createGObj('ws', GWebSocket, this, { url: this.config.url ?? '' });
  }
}

// ---- main ---------------------------------------------------------------------------------

const arg = process.argv[2] ?? '0';
const gaplic = new GAplic({ name: 'ws-echo' });
if (arg.startsWith('ws://') || arg.startsWith('wss://')) {
  gaplic.createGObj('greeter', Greeter, gaplic, { url: arg });
} else {
  const echo = gaplic.createGObj('echo', Echo, gaplic, { port: Number(arg) });
  // The greeter starts once the server listens (on the port the system gave).
  const server = echo.getChild('server') as GWebSocketServer;
  const { url } = await server.listening;
  gaplic.createGObj('greeter', Greeter, gaplic, { url });
}
await gaplic.start();
// Stopped by the greeter: destroying the gobjs closes the server and its connections.
gaplic.destroyGObj(gaplic.getChild('echo') ?? gaplic.getChild('greeter')!);
