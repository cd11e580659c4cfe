// The echo example (examples/echo/), run for real: the server and the client in two
// processes on a free loopback port (real time: well under a second). Its promise is that
// the client gets each line back and both processes stop by themselves: the client once
// its lines are echoed, the server (`--clients 1`) once its client has left.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../../examples/echo/server.js', import.meta.url));
const CLIENT = fileURLToPath(new URL('../../examples/echo/client.js', import.meta.url));

/** Starts the server on a free port; resolves with its port and its lines once it exits. */
async function server(args: readonly string[]) {
  const child = spawn(process.execPath, [SERVER, '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null]>;
  const reader = createInterface({ input: child.stdout });
  reader.on('line', (line) => lines.push(line));
  const [first] = (await once(reader, 'line')) as [string];
  const port = Number(/:(\d+)$/.exec(first)![1]);
  return { port, lines, exited, stderr: () => stderr, kill: () => child.kill() };
}

function client(args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLIENT, ...args], { timeout: 10_000 }, (error, stdout, stderr) =>
      error === null ? resolve({ stdout, stderr }) : reject(new Error(stderr, { cause: error })),
    );
  });
}

describe('echo example', () => {
  test('echo example - the client gets its lines back; both processes exit 0 by themselves', async () => {
    const echo = await server(['--clients', '1']);
    try {
      const { stdout, stderr } = await client([String(echo.port), '--count', '3']);
      assert.equal(stderr, '');
      assert.equal(
        stdout,
        [
          `client: connected to 127.0.0.1:${echo.port}`,
          "client: echoed 'hello 1'",
          "client: echoed 'hello 2'",
          "client: echoed 'hello 3'",
          'client: disconnected (dropped): 24 bytes sent, 24 received',
          '',
        ].join('\n'),
      );
      const [code] = await echo.exited;
      assert.equal(code, 0, echo.stderr());
      assert.equal(echo.stderr(), '');
      assert.equal(echo.lines[0], `echo: listening on 127.0.0.1:${echo.port}`);
      assert.match(echo.lines[1]!, /^echo: 127\.0\.0\.1:\d+ connected$/);
      assert.match(
        echo.lines[2]!,
        /^echo: 127\.0\.0\.1:\d+ left \(peer-closed\), 24 bytes echoed$/,
      );
      assert.equal(echo.lines[3], 'echo: 1 clients served, stopping');
      assert.equal(echo.lines.length, 4);
    } finally {
      echo.kill();
    }
  });

  test('echo example - a client started before its server retries until the server is there', async () => {
    // The client's first attempts are refused (logged), then the server comes.
    const port = await freePort();
    const started = client([String(port), '--count', '1']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const echo = serverOn(port);
    try {
      const { stdout, stderr } = await started;
      assert.match(stdout, /client: echoed 'hello 1'\n/);
      assert.match(
        stderr,
        /WARN GSock:gsock: cannot connect to 127\.0\.0\.1:\d+: connect ECONNREFUSED .* \[SOCK_CONNECT_FAILED\]/,
      );
      const [code] = await echo.exited;
      assert.equal(code, 0);
    } finally {
      echo.kill();
    }
  });
});

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

function serverOn(port: number) {
  const child = spawn(process.execPath, [SERVER, String(port), '--clients', '1', '--quiet'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = once(child, 'exit') as Promise<[number | null]>;
  return { exited, kill: () => child.kill() };
}
