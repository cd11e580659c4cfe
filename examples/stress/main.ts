/**
 * The stress client: N connections × M messages against the echo server, a progress bar
 * while it runs (plain lines when the output is not a terminal), then a table of
 * throughput and round-trip latency percentiles. It stops by itself, exit code 0 when
 * every message came back as sent.
 *
 *   npm run compile && node build/examples/stress/main.js [--connections N] [--messages M]
 *       [--size BYTES] [--port PORT]
 *
 * Without --port it starts the echo server of examples/echo/ in a child process (on a free
 * port, stopping when the N clients have left); with it, it loads a server already running.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import process from 'node:process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { GAplic } from '../../src/node.js';
import { progress, table } from './report.js';
import { Stress } from './stress.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at < 0 ? fallback : Number(args[at + 1]);
};
const connections = option('--connections', 10);
const messages = option('--messages', 1000);
const size = option('--size', 64);
let port = option('--port', 0);

let server: ReturnType<typeof spawn> | null = null;
if (port === 0) {
  const script = fileURLToPath(new URL('../echo/server.js', import.meta.url));
  server = spawn(process.execPath, [script, '0', '--clients', String(connections), '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: server.stdout! }), 'line')) as [string];
  port = Number(/:(\d+)$/.exec(line)![1]);
}

const tty = process.stdout.isTTY === true;
console.log(
  `stress: ${connections} connections × ${messages} messages of ${size} bytes to 127.0.0.1:${port}`,
);
const gaplic = new GAplic({ name: 'stress' });
const stress = gaplic.createGObj('stress', Stress, null, { port, connections, messages, size });
const show = progress(stress.total, tty, (text) => process.stdout.write(text));
const ticker = gaplic.addTimeout(tty ? 0.1 : 0.05, () => show(stress.done), true);
await gaplic.start();
gaplic.removeTimeout(ticker);
show(stress.done, true);

const result = stress.result();
stress.destroyGObj(stress);
process.stdout.write(table(result));
for (const line of result.failed) console.log(`cut short: ${line}`);
if (server !== null) await once(server, 'exit');
process.exitCode = result.errors === 0 && result.failed.length === 0 ? 0 : 1;
