/**
 * cliente.ini's factory: the client of cliente.ts under Node. cliente.ts imports only the
 * isomorphic core (it runs in a browser page too, navegador.ts); under Node the WebSocket
 * of its static route is `ws`, which ginsfsm's Node entry registers.
 */
import '../../../src/node.js';

export { clienteMain } from './cliente.js';
