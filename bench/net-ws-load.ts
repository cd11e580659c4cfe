/**
 * The load of the `net-ws` section, in its own process: on a message `{ url, connections,
 * messages, window, size }` from the parent, it opens `connections` raw `ws` clients to
 * `url`, each keeping `window` text messages of `size` bytes in flight until `messages`
 * echoes have come back in all, and answers `{ rate }` (echoes per second) or `{ error }`.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

interface Job {
  readonly url: string;
  readonly connections: number;
  readonly messages: number;
  readonly window: number;
  readonly size: number;
}

async function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

async function load(job: Job): Promise<number> {
  const sockets = await Promise.all(Array.from({ length: job.connections }, () => open(job.url)));
  const payload = 'x'.repeat(job.size);
  const perSocket = Math.ceil(job.messages / job.connections);
  const start = performance.now();
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve, reject) => {
          let sent = 0;
          let received = 0;
          ws.on('message', () => {
            received++;
            if (sent < perSocket) {
              sent++;
              ws.send(payload);
            }
            if (received === perSocket) resolve();
          });
          ws.once('close', () => reject(new Error(`closed after ${received} echoes`)));
          for (; sent < Math.min(job.window, perSocket); sent++) ws.send(payload);
        }),
    ),
  );
  const seconds = (performance.now() - start) / 1000;
  for (const ws of sockets) ws.terminate();
  return (perSocket * job.connections) / seconds;
}

process.on('message', (job: Job) => {
  load(job).then(
    (rate) => process.send!({ rate }),
    (error: unknown) => process.send!({ error: String(error) }),
  );
});
