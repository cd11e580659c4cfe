/**
 * The echo client: a GConnex to the echo server sends `count` lines, one at a time, and
 * prints each line echoed back; then it disables the connex (which closes the connection
 * and stops reconnecting) and the program ends. Started before the server, it retries
 * until the server is there (GConnex's retry policy).
 *
 *   npm run compile && node build/examples/echo/client.js [port] [--count N]
 */
import process from 'node:process';
import { GAplic, GConnex, GObj, type GConfigTemplate, type GEvent } from '../../src/node.js';

function acConnected(client: EchoClient, event: GEvent): void {
  console.log(`client: connected to ${String(event.kw.peerHost)}:${String(event.kw.peerPort)}`);
  client.sendLine();
}

function acRxData(client: EchoClient, event: GEvent): void {
  client.pending += (event.kw.data as Buffer).toString('utf8');
  // TCP is a byte stream: a line may come in pieces, or with the next one.
  for (let end = client.pending.indexOf('\n'); end >= 0; end = client.pending.indexOf('\n')) {
    console.log(`client: echoed '${client.pending.slice(0, end)}'`);
    client.pending = client.pending.slice(end + 1);
    if (client.sent < client.config.count) client.sendLine();
    else client.sendEvent(client.connex, 'EV_DISABLE');
  }
}

function acDisconnected(client: EchoClient, event: GEvent): void {
  const { txBytes, rxBytes } = client.connex.gsock.counters;
  console.log(
    `client: disconnected (${String(event.kw.reason)}): ${txBytes} bytes sent, ${rxBytes} received`,
  );
  client.gaplic!.stop();
}

const fsm = {
  eventList: ['EV_CONNECTED', 'EV_RX_DATA', 'EV_TRANSMIT_READY', 'EV_DISCONNECTED'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_CONNECTED', acConnected, null],
      ['EV_RX_DATA', acRxData, null],
      ['EV_TRANSMIT_READY', null, null],
      ['EV_DISCONNECTED', acDisconnected, null],
    ],
  },
} as const;

const gconfig = {
  port: { type: 'int', default: 7000, description: "The echo server's port" },
  count: { type: 'int', default: 3, description: 'Lines to send' },
} as const satisfies GConfigTemplate;

class EchoClient extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = fsm;
  static override gconfig = gconfig;
  connex!: GConnex;
  sent = 0;
  pending = '';

  override startUp(): void {
    this.connex = this.createGObj('connex', GConnex, this, {
      destinations: [`127.0.0.1:${this.config.port}`],
      timeoutBetweenConnections: 0.5,
    });
  }

  sendLine(): void {
    this.sendEvent(this.connex, 'EV_SEND_DATA', { data: `hello ${++this.sent}\n` });
  }
}

const args = process.argv.slice(2);
const at = args.indexOf('--count');
const count = at < 0 ? 3 : Number(args.splice(at, 2)[1]);
const port = Number(args[0] ?? 7000);

const gaplic = new GAplic({ name: 'client' });
const client = gaplic.createGObj('client', EchoClient, null, { port, count });
await gaplic.start();
client.destroyGObj(client);
