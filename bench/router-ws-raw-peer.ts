/**
 * The anchor's peer of the `router-ws` benchmark, in a child process: a raw `ws` server
 * (127.0.0.1, free port, no compression) doing the sink's work. A text frame holds one
 * JSON message or an array of them; a message without `t` is a hit (counted),
 * `{ t: 'count' }` is answered with `{ count }`, `{ t: 'ping', n }` with `{ pong: n }`.
 * Tells the parent its URL (`{ url }`) and exits when the parent goes away.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

interface Message {
  readonly t?: 'count' | 'ping';
  readonly n?: number;
}

let count = 0;
const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
server.on('connection', (ws) => {
  ws.on('message', (data) => {
    const parsed = JSON.parse((data as Buffer).toString('utf8')) as Message | Message[];
    const messages = Array.isArray(parsed) ? parsed : [parsed];
    for (const m of messages) {
      if (m.t === undefined) count++;
      else if (m.t === 'count') ws.send(JSON.stringify({ count }));
      else ws.send(JSON.stringify({ pong: m.n }));
    }
  });
});
server.on('listening', () => {
  const { port } = server.address() as AddressInfo;
  process.send!({ url: `ws://127.0.0.1:${port}` });
});
process.on('disconnect', () => process.exit(0));
