// The router example (examples/router/), run for real: a real-time test. TITI runs in a
// child process started here, TOTO in a child process of its own (started by TITI, or
// here for the two-terminal way), on a free loopback port; they talk over WebSocket,
// which only a real run shows, and the example's promise is that both processes stop by
// themselves once the exchange is over (well under a second each).
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../examples/router/main.js', import.meta.url));
const TOTO = fileURLToPath(new URL('../../examples/router/toto.js', import.meta.url));

interface Exit {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: readonly string[]): Promise<Exit> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [MAIN, ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
      if (error === null) resolve({ code: 0, stdout, stderr });
      else if (typeof error.code === 'number') resolve({ code: error.code, stdout, stderr });
      else reject(new Error('router main did not exit by itself', { cause: error }));
    });
  });
}

/** The lines of one gaplic (its prefix): each process prints its own in order. */
function linesOf(stdout: string, prefix: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith(`${prefix}: `));
}

const TOTO_LINES = [
  "TOTO: 'TITI' connected (roles titi)",
  'TOTO: sample2 sets a timeout of 0.1 s for TITI/sample1',
  'TOTO: sample2 broadcasts EV_MESSAGE #1',
  'TOTO: sample2 sets a timeout of 0.1 s for TITI/sample1',
  'TOTO: sample2 broadcasts EV_MESSAGE #2',
  'TOTO: sample2 sets a timeout of 0.1 s for TITI/sample1',
  'TOTO: sample2 broadcasts EV_MESSAGE #3',
  "TOTO: 'TITI' left (stopped (code 1001))",
];

const TITI_LINES = [
  "TITI: static route to 'TOTO' open (roles toto)",
  'TITI: sample1 got EV_MESSAGE #1 from TOTO/sample2',
  'TITI: sample1 got EV_MESSAGE #2 from TOTO/sample2',
  'TITI: sample1 got EV_MESSAGE #3 from TOTO/sample2',
  'TITI: sample2 has broadcast 3 times and has 0 subscribers left',
  "TITI: route to 'TOTO': protocol 2, events sent 6, received 4, acked 6, nacked 0",
];

describe('router example', () => {
  test('router example - TITI starts TOTO, subscribes, gets three broadcasts, unsubscribes; both exit 0', async () => {
    const { code, stdout, stderr } = await run([]);
    assert.equal(code, 0, stderr);
    const lines = stdout.split('\n');
    assert.equal(lines.pop(), '', 'the output ends with a newline');
    // TOTO's router says where it listens (port 0: a free port), first.
    assert.match(lines[0]!, /^INFO GRouter:router: listening on ws:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(linesOf(stdout, 'TOTO'), TOTO_LINES);
    assert.deepEqual(linesOf(stdout, 'TITI'), [...TITI_LINES, 'TITI: TOTO exited with code 0']);
    assert.equal(lines.length, 1 + TOTO_LINES.length + TITI_LINES.length + 1, stdout);
    // TITI's router closes on purpose (1001): TOTO sees it leave, no fault.
    assert.equal(stderr, '');
  });

  test("router example - --v1: TITI speaks only ginsfsm 0.7's protocol, and the exchange is the same", async () => {
    const { code, stdout, stderr } = await run(['--v1']);
    assert.equal(code, 0, stderr);
    assert.deepEqual(linesOf(stdout, 'TOTO'), TOTO_LINES);
    const titi = linesOf(stdout, 'TITI');
    assert.deepEqual(titi.slice(0, 5), TITI_LINES.slice(0, 5));
    assert.deepEqual(titi.slice(5), [
      "TITI: route to 'TOTO': protocol 1, events sent 6, received 4, acked 6, nacked 0",
      'TITI: TOTO exited with code 0',
    ]);
    assert.equal(stderr, '');
  });

  test('router example - TOTO started alone on its port, then TITI given its URL', async () => {
    const toto = spawn(process.execPath, [TOTO, '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = once(toto, 'exit');
    let stderr = '';
    toto.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const output: string[] = [];
    const reader = createInterface({ input: toto.stdout });
    const url = await new Promise<string>((resolve, reject) => {
      reader.on('line', (line) => {
        output.push(line);
        const found = /listening on (ws:\/\/\S+)$/.exec(line);
        if (found !== null) resolve(found[1]!);
      });
      toto.once('exit', (exitCode) => reject(new Error(`TOTO exited (${exitCode}): ${stderr}`)));
    });
    const titi = await run([url]);
    assert.equal(titi.code, 0, titi.stderr);
    assert.deepEqual(linesOf(titi.stdout, 'TITI'), TITI_LINES); // it started no TOTO
    assert.equal(titi.stderr, '');
    const [exitCode] = (await exited) as [number | null];
    assert.equal(exitCode, 0, stderr);
    assert.deepEqual(linesOf(output.join('\n'), 'TOTO'), TOTO_LINES);
    assert.equal(stderr, '');
  });
});
