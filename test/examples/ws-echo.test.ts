// The WebSocket echo example (examples/ws-echo/), run for real in a child process: a
// real-time test over a loopback socket, whose promise is that the program stops by
// itself once the greeter has its three echoes (well under a second).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GAplic, GWebSocketServer, destroyGObj, silentLogger } from '../../src/node.js';
import { Recorder } from '../net/ws-helpers.js';

const MAIN = fileURLToPath(new URL('../../examples/ws-echo/main.js', import.meta.url));

function run(args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [MAIN, ...args], { timeout: 20_000 }, (error, stdout, stderr) =>
      error === null
        ? resolve({ stdout, stderr })
        : reject(new Error(`ws-echo failed: ${stderr}`, { cause: error })),
    );
  });
}

function linesOf(stdout: string, prefix: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith(`${prefix}: `));
}

const GREETER = [
  /^greeter: connected to ws:\/\/127\.0\.0\.1:\d+\/echo$/,
  /^greeter: echo 1: text hello$/,
  /^greeter: echo 2: text \{"n":1,"say":"JSON"\}$/,
  /^greeter: echo 3: bytes cafe$/,
  /^greeter: closed \(1000 bye\)$/,
];

describe('ws-echo example', () => {
  test('ws-echo example - the server echoes text, JSON and bytes; the greeter closes with 1000 bye; exit 0', async () => {
    const { stdout, stderr } = await run([]);
    assert.equal(stderr, '');
    const greeter = linesOf(stdout, 'greeter');
    assert.equal(greeter.length, GREETER.length, stdout);
    GREETER.forEach((pattern, i) => assert.match(greeter[i]!, pattern));
    const echo = linesOf(stdout, 'echo');
    assert.match(echo[0]!, /^echo: listening on ws:\/\/127\.0\.0\.1:\d+\/echo$/);
    assert.match(echo[1]!, /^echo: 127\.0\.0\.1:\d+ connected$/);
    assert.equal(echo[2], 'echo: connection closed (1000 bye)');
  });

  test('ws-echo example - given a URL, the greeter alone talks to a server already running', async () => {
    const gaplic = new GAplic({ name: 'server', logger: silentLogger });
    const recorder = gaplic.createGObj('recorder', Recorder, gaplic);
    recorder.echo = true;
    const server = gaplic.createGObj('server', GWebSocketServer, recorder);
    const running = gaplic.start();
    try {
      const { url } = await server.listening;
      const { stdout } = await run([url]);
      assert.deepEqual(linesOf(stdout, 'echo'), []);
      assert.equal(linesOf(stdout, 'greeter').length, GREETER.length, stdout);
      assert.deepEqual(recorder.kws('EV_ON_MESSAGE').length, 3);
    } finally {
      destroyGObj(recorder);
      gaplic.stop();
      await running;
    }
  });
});
