// The compose example (examples/compose/app.ini), run for real by gserve: a real-time test
// (a thread, a process and a signal cannot run on a TestClock). The ini's `build` variable
// points at this build's compiled examples.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const GSERVE = fileURLToPath(new URL('../../src/cli/gserve.js', import.meta.url));
const BUILD = fileURLToPath(new URL('../../examples', import.meta.url));
const INI = fileURLToPath(new URL('../../../examples/compose/app.ini', import.meta.url));

describe('compose example', () => {
  test('compose example - gserve runs Front, Calc (thread) and Store (process); SIGTERM stops them, exit 0', async () => {
    const child = spawn(process.execPath, [GSERVE, INI, `build=${BUILD}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Front: Store holds')) resolve();
      });
      child.on('close', (code) => reject(new Error(`gserve exited (${code}):\n${out}\n${err}`)));
    });
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0, err);
    // console.log lines and gserve's own: no time stamp ([logging] stamps the gaplics' log lines).
    const lines = out.split('\n').filter(Boolean);
    // gserve says it runs once the workers do; the desk may have been answered by then.
    const running = lines.findIndex((l) => l.startsWith('gserve: running'));
    assert.match(
      lines.splice(running, 1)[0]!,
      /^gserve: running app\.ini \(pid \d+\): main 'Front', threads \[Calc\], subprocesses \[Store\]$/,
    );
    assert.deepEqual(lines, [
      'Front: Calc says 2+3 = 5',
      'Front: Calc published EV_SAVED: stored 2+3',
      'Front: Store holds 5, stored by Calc',
      'gserve: SIGTERM: stopping',
      'Front: the desk goes out',
      'gserve: stopped',
    ]);
  });
});
