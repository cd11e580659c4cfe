/**
 * `ginsfsm/testing`: drive gaplics deterministically, without sleeping.
 * @module
 */
export { TestClock } from './test-clock.js';
export { drain, advanceAndDrain } from './drain.js';
export { CaptureLogger, type LogLine } from './capture-logger.js';
export { resetGlobals } from '../gaplic/globals.js';
