// The shapes of the scenarios of docs/errors.md that live beside errors-messages.test.ts,
// which runs them: an error scenario throws (or rejects) with its code, a fault scenario
// makes the bench's gaplic report its fault.
import type { ErrorCode, FaultCode, GAplic } from '../../src/index.js';
import type { TestClock } from '../../src/testing/index.js';

export type ErrorScenario = [ErrorCode, () => unknown];
export type FaultScenario<B> = [FaultCode, (bench: B) => Promise<void>];

/** What most fault scenarios get of the bench: a gaplic 'app' on a TestClock. */
export interface ClockBench {
  readonly gaplic: GAplic;
  readonly clock: TestClock;
}
