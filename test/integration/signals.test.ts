// SIGINT and SIGTERM in the main process stop the whole tree gracefully: the worker's
// gobjs go out, the main gaplic stops, then the process ends by the signal.
// Real time: a real process gets a real signal.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const APP = fileURLToPath(new URL('../fixtures/signal-app.js', import.meta.url));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} stops the tree: the worker's gobjs go out, then the process ends`, async () => {
    const child = spawn(process.execPath, [APP], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready: ${out} ${err}`)), 10_000);
      child.stdout.on('data', () => {
        if (out.includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill(signal);
    const [code, ended] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('exit', (c, s) => resolve([c, s])),
    );
    assert.match(out, /worker gobj went out/);
    assert.match(out, /main stopped, worker stopped/);
    assert.deepEqual([code, ended], [null, signal], err);
  });
}
