// The stress example (examples/stress/), run for real with a small N × M: it starts the
// echo server in a child process, loads it over real sockets (real time, a fraction of a
// second) and must stop by itself with its table. Its output is not a terminal here, so it
// prints plain progress lines; the bar is drawn only on a TTY (checked on the function).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { percentile, progress } from '../../examples/stress/report.js';

const MAIN = fileURLToPath(new URL('../../examples/stress/main.js', import.meta.url));

function run(args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [MAIN, ...args], { timeout: 20_000 }, (error, stdout, stderr) =>
      error === null ? resolve({ stdout, stderr }) : reject(new Error(stderr, { cause: error })),
    );
  });
}

describe('stress example', () => {
  test('stress example - 5 connections × 40 messages: progress lines, then the table; exits 0 by itself', async () => {
    const { stdout, stderr } = await run([
      '--connections',
      '5',
      '--messages',
      '40',
      '--size',
      '100',
    ]);
    assert.equal(stderr, '');
    const lines = stdout.trimEnd().split('\n');
    assert.match(
      lines[0]!,
      /^stress: 5 connections × 40 messages of 100 bytes to 127\.0\.0\.1:\d+$/,
    );
    assert.deepEqual(
      lines.filter((l) => l.startsWith('progress: ')),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((t) => `progress: ${t * 10}% (${t * 20}/200 messages)`),
    );
    const table = lines.slice(-6);
    assert.equal(table[0], 'connections  5');
    assert.equal(table[1], 'messages     200 of 200 (5 × 40), 100 bytes each');
    assert.match(table[2]!, /^duration {5}\d+\.\d{3} s$/);
    assert.match(table[3]!, /^throughput {3}\d+ msg\/s, \d+\.\d\d MB\/s \(both ways\)$/);
    assert.match(table[4]!, /^latency ms {3}p50 [\d.]+ {2}p90 [\d.]+ {2}p99 [\d.]+ {2}max [\d.]+$/);
    assert.equal(table[5], 'errors       0 bytes not echoed as sent, 0 connections cut short');
  });

  test('stress example - on a terminal the bar is redrawn in place; percentiles are nearest-rank', () => {
    let out = '';
    const show = progress(200, true, (text) => (out += text));
    show(50);
    show(200, true);
    const frames = out.split('\r').filter(Boolean);
    assert.match(frames[0]!, /^\[#{8}\.{22}\] {2}25% 50\/200 messages, \d+ msg\/s$/);
    assert.match(frames[1]!, /^\[#{30}\] 100% 200\/200 messages, \d+ msg\/s\n$/);
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(sorted, 50), 50);
    assert.equal(percentile(sorted, 99), 99);
    assert.equal(percentile(sorted, 100), 100);
    assert.ok(Number.isNaN(percentile(new Float64Array(0), 50)));
  });
});
