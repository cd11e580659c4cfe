/**
 * navegador.ini's factory: the client of navegador.ts under Node. navegador.ts imports only
 * the isomorphic core (it runs in a browser page too, pagina.ts); under Node the WebSocket
 * of its static route is `ws`, which ginsfsm's Node entry registers.
 */
import '../../../src/node.js';

export { navegadorMain } from './navegador.js';
