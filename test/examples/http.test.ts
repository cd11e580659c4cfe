// The HTTP example (examples/http/), run for real in a child process: a real-time test
// over loopback sockets, whose promise is that the program serves its three applications
// and, run as it is, stops by itself once it has asked each one (well under a second).
import assert from 'node:assert/strict';
import { execFile, fork } from 'node:child_process';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../examples/http/main.js', import.meta.url));

describe('http example', () => {
  test('http example - a status page, a JSON API and a gclass under three prefixes; exit 0', async () => {
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>(
      (resolve, reject) => {
        execFile(process.execPath, [MAIN], { timeout: 20_000 }, (error, stdout, stderr) =>
          error === null
            ? resolve({ stdout, stderr })
            : reject(new Error(`http example failed: ${stderr}`, { cause: error })),
        );
      },
    );
    assert.equal(stderr, '');
    const lines = stdout.trim().split('\n');
    assert.match(lines[0]!, /^http: listening on http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(lines.slice(1), [
      'client: GET /hello?name=gobj -> 200 hello, gobj (greeting 1)',
      'client: POST /api/notes -> 201 {"added":1}',
      'client: GET /api/notes -> 200 {"notes":["buy milk"]}',
      'client: GET / -> 200 up: 4 requests, 3 answered, 0 not found',
    ]);
  });

  test('http example - with --serve it keeps serving other clients', async () => {
    const child = fork(MAIN, ['0', '--serve'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    try {
      const [{ url }] = (await once(child, 'message')) as [{ url: string }];
      const hello = await fetch(`${url}/hello/x?name=test`);
      assert.equal(await hello.text(), 'hello, test (greeting 1)\n');
      const missing = await fetch(`${url}/api/nothing`);
      assert.deepEqual([missing.status, await missing.json()], [404, { error: 'no GET /nothing' }]);
      const status = await fetch(`${url}/`);
      assert.equal(await status.text(), 'up: 3 requests, 2 answered, 0 not found\n');
    } finally {
      child.kill();
      await once(child, 'exit');
    }
  });
});
