// The placement conformance suite with Calc and Store in child processes.
// Real time: real processes exchange messages over IPC, not through a TestClock.
import { placementConformance } from '../conformance/placement.js';
import { workerWorld } from '../conformance/workers.js';

placementConformance('child processes', () => workerWorld('process', 'process'));
