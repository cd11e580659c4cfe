/** Makes `ws` the WebSocket of every router of this process (imported for its effect). */
import { setWebSocketTransport } from '../transport.js';
import { nodeWebSocketTransport } from './ws-transport.js';

setWebSocketTransport(nodeWebSocketTransport);
