/**
 * Deterministic driving of a gaplic that is not started: `drain` runs iterations until
 * no work remains; `advanceAndDrain` moves a TestClock through every timer deadline in
 * a span, draining at each one.
 */
import { GAplic } from '../gaplic/gaplic.js';
import { codedError } from '../errors.js';
import { kNextDeadline } from '../symbols.js';
import { aDuration, anInstanceOf, aPositiveInteger, checkArgument } from '../util/check.js';
import { TestClock } from './test-clock.js';

const aGAplic = anInstanceOf(GAplic);

/** Runs `gaplic.runOnce()` until it reports no work; returns the iterations run. */
export function drain(gaplic: GAplic, maxIterations = 1_000_000): number {
  checkArgument('GAPLIC_BAD_ARGUMENT', 'drain', 'gaplic', gaplic, aGAplic);
  checkArgument('GAPLIC_BAD_ARGUMENT', 'drain', 'maxIterations', maxIterations, aPositiveInteger);
  for (let i = 1; i <= maxIterations; i++) if (!gaplic.runOnce()) return i;
  throw codedError(
    'GAPLIC_NEVER_IDLE',
    `drain: '${gaplic.name}' still had work after ${maxIterations} iterations`,
  );
}

/**
 * Advances `clock` by `seconds`, stopping at each timer deadline of `gaplic` in between
 * to drain it, so timers and the events they cause run at their own time.
 */
export function advanceAndDrain(gaplic: GAplic, clock: TestClock, seconds: number): void {
  checkArgument('GAPLIC_BAD_ARGUMENT', 'advanceAndDrain', 'gaplic', gaplic, aGAplic);
  checkArgument('GAPLIC_BAD_ARGUMENT', 'advanceAndDrain', 'clock', clock, anInstanceOf(TestClock));
  checkArgument('GAPLIC_BAD_TIMEOUT', 'advanceAndDrain', 'seconds', seconds, aDuration);
  const target = clock.now() + seconds;
  drain(gaplic);
  for (;;) {
    const next = gaplic[kNextDeadline]();
    if (next === undefined || next > target) break;
    clock.advance(Math.max(0, next - clock.now()));
    drain(gaplic);
  }
  clock.advance(Math.max(0, target - clock.now()));
  drain(gaplic);
}
