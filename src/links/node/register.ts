/**
 * Makes `ws` the WebSocket of every router of this process, and the official NATS client
 * its NATS (loaded on a router's first NATS connection). Imported for its effect.
 */
import { setNatsTransport } from '../nats-transport.js';
import { setWebSocketTransport } from '../transport.js';
import { nodeNatsTransport } from './nats-transport.js';
import { nodeWebSocketTransport } from './ws-transport.js';

setWebSocketTransport(nodeWebSocketTransport);
setNatsTransport(nodeNatsTransport);
