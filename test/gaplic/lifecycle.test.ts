// GAplic reports its lifecycle as data: closed() resolves with the reason that stopped
// it, and Symbol.asyncDispose stops it (for `await using`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { world } from '../fixtures/probe.js';

test('closed - resolves when the gaplic stops, with the reason given to stop()', async () => {
  const { gaplic } = world();
  const stopped = gaplic.start();
  const closed = gaplic.closed();
  const reason = new Error('disk full');
  gaplic.stop(reason);
  assert.equal(await closed, reason);
  await stopped;
  assert.equal(await gaplic.closed(), reason);
});

test('closed - resolves at once, with undefined, for a gaplic never started or stopped plainly', async () => {
  const { gaplic } = world();
  assert.equal(await gaplic.closed(), undefined);
  const stopped = gaplic.start();
  const closed = gaplic.closed();
  gaplic.stop();
  assert.equal(await closed, undefined);
  await stopped;
});

test('Symbol.asyncDispose - stops a running gaplic and waits until it is closed', async () => {
  const { gaplic } = world();
  const stopped = gaplic.start();
  await gaplic[Symbol.asyncDispose]();
  assert.equal(gaplic.running, false);
  await stopped;
});
