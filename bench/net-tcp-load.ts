/**
 * The load of the `net-tcp` benchmark, in a child process: raw `net` clients against an
 * echo server of the parent. Asked `{ port, connections, messages, size, inFlight }`, it
 * opens the connections, and each sends `messages` messages of `size` bytes keeping
 * `inFlight` of them unanswered (1: ping-pong), counting echoed bytes; then it closes them
 * and answers `{ rate, p50, mbps }`: round trips per second over all connections, the
 * median round trip in µs (ping-pong only), and echoed megabytes per second.
 * Exits when the parent goes away.
 */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

interface Job {
  readonly port: number;
  readonly connections: number;
  readonly messages: number;
  readonly size: number;
  readonly inFlight: number;
}

async function flow(job: Job, times: number[] | null): Promise<void> {
  const socket: Socket = connect(job.port, '127.0.0.1');
  socket.setNoDelay(true);
  await once(socket, 'connect');
  const message = Buffer.alloc(job.size, 0x61);
  const total = job.messages * job.size;
  let sent = 0;
  let echoed = 0;
  const startedAt: number[] = [];
  const send = (): void => {
    if (times !== null) startedAt.push(performance.now());
    socket.write(message);
    sent++;
  };
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      const before = Math.floor(echoed / job.size);
      echoed += chunk.length;
      const after = Math.floor(echoed / job.size);
      for (let k = before; k < after; k++) {
        if (times !== null) times.push(performance.now() - startedAt[k]!);
        if (sent < job.messages) send();
      }
      if (echoed === total) resolve();
    });
    for (let i = 0; i < Math.min(job.inFlight, job.messages); i++) send();
  });
  socket.end();
}

process.on('message', (job: Job) => {
  const times = job.inFlight === 1 ? ([] as number[]) : null;
  const start = performance.now();
  void Promise.all(Array.from({ length: job.connections }, () => flow(job, times))).then(() => {
    const seconds = (performance.now() - start) / 1000;
    const trips = job.connections * job.messages;
    const sorted = (times ?? []).sort((a, b) => a - b);
    process.send!({
      rate: trips / seconds,
      p50: (sorted[sorted.length >> 1] ?? 0) * 1000,
      mbps: (trips * job.size) / seconds / 1e6,
    });
  });
});
process.on('disconnect', () => process.exit(0));
