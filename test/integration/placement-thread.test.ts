// The placement conformance suite with Calc and Store in worker threads.
// Real time: real threads exchange messages through ports, not through a TestClock.
import { placementConformance } from '../conformance/placement.js';
import { workerWorld } from '../conformance/workers.js';

placementConformance('worker threads', () => workerWorld('thread', 'thread'));
