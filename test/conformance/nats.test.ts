// The placement conformance suite over NATS: gaplics in two processes, each with its own
// connection to a nats-server started by the test, reaching each other by name and role.
// Real time: a broker process, sockets and a child process.
import { test } from 'node:test';
import { NATS_SKIP } from '../fixtures/nats-server.js';
import { natsWorld } from './nats.js';
import { placementConformance } from './placement.js';

if (NATS_SKIP !== false) test('placement conformance - nats', { skip: NATS_SKIP }, () => {});
else placementConformance('nats', natsWorld);
