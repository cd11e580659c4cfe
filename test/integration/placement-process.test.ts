// The placement conformance suite with Calc in a child process and Store in a worker
// thread (so the process-to-thread path is exercised too).
// Real time: real processes exchange messages over IPC, not through a TestClock.
import { placementConformance } from '../conformance/placement.js';
import { workerWorld } from '../conformance/workers.js';

placementConformance('child process and thread', () => workerWorld('process', 'thread'));
