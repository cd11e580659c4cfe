// The placement conformance suite over WebSocket links on loopback, with the two
// protocols: v2 (windows, batches) and v1 (ginsfsm 0.7: one event in flight, one message
// per frame). Real time: sockets and a child process.
import { placementConformance } from './placement.js';
import { websocketWorld } from './websocket.js';

placementConformance('websocket v2', () => websocketWorld(2));
placementConformance('websocket v1', () => websocketWorld(1));
