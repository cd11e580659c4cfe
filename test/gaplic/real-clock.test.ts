// GAplic on the real clock (DESIGN.md §2 principle 2, §5): Node's event loop is the loop.
// These tests need real time on purpose — they check that a started gaplic really drives
// itself with setImmediate and one host timer, and yields to the event loop between
// batches. They are tiny: one 20 ms timer and a 100k-event chain.
import assert from 'node:assert/strict';
import { stat } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GAplic, GObj, type GEvent } from '../../src/index.js';
import { CaptureLogger } from '../../src/testing/index.js';

const CHAIN = 100_000;

function acNext(gobj: Chain, event: GEvent): void {
  const n = event.kw.n as number;
  gobj.count = n;
  if (n < CHAIN) gobj.postEvent(gobj, 'EV_NEXT', { n: n + 1 });
  else gobj.onDone?.();
}

const fsm = {
  eventList: ['EV_NEXT: top input'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_NEXT', acNext, null]] },
} as const;

class Chain extends GObj<typeof fsm> {
  static override fsm = fsm;
  count = 0;
  onDone: (() => void) | null = null;
}

describe('GAplic on the real clock', () => {
  test('start - a 20 ms timer that calls stop() resolves the start() promise', async () => {
    const gaplic = new GAplic({ name: 'real', logger: new CaptureLogger() });
    const began = performance.now();
    let firedAfter = -1;
    gaplic.addTimeout(0.02, () => {
      firedAfter = performance.now() - began;
      gaplic.stop();
    });
    await gaplic.start();
    assert.equal(gaplic.running, false);
    // Never early (a little slack for the clock's sub-millisecond rounding).
    assert.ok(firedAfter >= 19, `fired after ${firedAfter} ms`);
    assert.equal(gaplic.timerCount, 0);
  });

  test('start - a posted event is delivered without runOnce', async () => {
    const gaplic = new GAplic({ name: 'real', logger: new CaptureLogger() });
    const chain = gaplic.createGObj('chain', Chain, gaplic);
    const stopped = gaplic.start();
    chain.onDone = () => gaplic.stop();
    chain.postEvent(chain, 'EV_NEXT', { n: CHAIN });
    await stopped;
    assert.equal(chain.count, CHAIN);
  });

  test('start - a long chain of posted events does not starve setImmediate or I/O callbacks', async () => {
    const gaplic = new GAplic({ name: 'real', logger: new CaptureLogger() });
    const chain = gaplic.createGObj('chain', Chain, gaplic);
    const stopped = gaplic.start();
    chain.onDone = () => gaplic.stop();
    chain.postEvent(chain, 'EV_NEXT', { n: 1 });
    let immediateAt = -1;
    let ioAt = -1;
    setImmediate(() => {
      immediateAt = chain.count;
      // Started while the chain runs, so its callback must come between two batches.
      stat(fileURLToPath(import.meta.url), () => (ioAt = chain.count));
    });
    await stopped;
    assert.equal(chain.count, CHAIN);
    // The first batch runs, then the loop gets its turn.
    assert.ok(
      immediateAt > 0 && immediateAt <= gaplic.queueBatchSize,
      `immediate at ${immediateAt}`,
    );
    assert.ok(ioAt >= immediateAt && ioAt < CHAIN, `I/O callback at ${ioAt}`);
  });
});
