// The reconnection policy of a static route, on its own (a narrow unit test: a scripted
// host stands for the sockets and the gaplic's timers): failed attempts rotate over the
// URLs at once; after a whole round, pauses double from reconnectMin up to reconnectMax
// with ±20% jitter; a completed handshake resets them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TimerHandle } from '../../src/index.js';
import { Connector, type ConnectorHost } from '../../src/router/connector.js';

/** A host whose connections fail (or succeed) as the test says, and whose timers it fires. */
function scripted(succeed: (url: string) => boolean) {
  const attempts: string[] = [];
  const pauses: number[] = [];
  let pending: (() => void) | null = null;
  const host: ConnectorHost = {
    open: (url, done) => {
      attempts.push(url);
      queueMicrotask(() => done(succeed(url) ? null : 'refused'));
      return () => {};
    },
    later: (seconds, callback) => {
      pauses.push(seconds);
      pending = callback;
      return {} as TimerHandle;
    },
    cancel: () => (pending = null),
    reconnectMin: 0.5,
    reconnectMax: 4,
    failed: () => {},
  };
  return {
    host,
    attempts,
    pauses,
    /** Lets microtasks run, then fires the pending timer. */
    async tick(): Promise<void> {
      await Promise.resolve();
      await Promise.resolve();
      const fire = pending;
      pending = null;
      fire?.();
    },
  };
}

test('Connector - failures rotate over the URLs at once, then pause 0.5, 1, 2, 4, 4 s (±20%)', async () => {
  const s = scripted(() => false);
  const connector = new Connector(['ws://a:1/', 'ws://b:1/'], s.host);
  connector.connect();
  for (let i = 0; i < 11; i++) await s.tick();
  assert.deepEqual(s.attempts.slice(0, 6), [
    'ws://a:1/',
    'ws://b:1/',
    'ws://a:1/',
    'ws://b:1/',
    'ws://a:1/',
    'ws://b:1/',
  ]);
  const rounds = s.pauses.filter((_p, i) => i % 2 === 1);
  assert.deepEqual(
    s.pauses.filter((_p, i) => i % 2 === 0),
    Array(s.pauses.length / 2).fill(0) as number[],
  );
  for (const [i, base] of [0.5, 1, 2, 4, 4].entries()) {
    assert.ok(rounds[i]! >= base * 0.8 && rounds[i]! <= base * 1.2, `round ${i}: ${rounds[i]}`);
  }
});

test('Connector - a completed handshake resets the pauses; a loss after it reconnects after reconnectMin', async () => {
  let up = false;
  const s = scripted(() => up);
  const connector = new Connector(['ws://a:1/'], s.host);
  connector.connect();
  for (let i = 0; i < 3; i++) await s.tick(); // three failed rounds: 0.5, 1, 2
  up = true;
  await s.tick(); // connects
  connector.established();
  connector.lost(true, 'cut');
  assert.equal(s.pauses.at(-1), 0.5);
  up = false;
  await s.tick(); // the reconnection fails...
  await Promise.resolve(); // ...and its failure is reported
  const first = s.pauses.at(-1)!;
  assert.ok(first >= 0.4 && first <= 0.6, `after the reset: ${first}`);
});

test('Connector - a connection closed during its handshake is a failed attempt (refused: backoff)', async () => {
  const s = scripted(() => true);
  const connector = new Connector(['ws://a:1/'], s.host);
  connector.connect();
  await s.tick();
  connector.lost(false, 'authentication failed');
  connector.lost(false, 'authentication failed');
  const [a, b] = s.pauses;
  assert.ok(a! >= 0.4 && a! <= 0.6 && b! >= 0.8 && b! <= 1.2, `${a}, ${b}`);
  connector.stop();
  connector.connect();
  assert.equal(s.attempts.length, 1, 'stopped: no more attempts');
});
