/**
 * The bank's web app (`http = web` in ap1_banco.ini): the page of the browser client
 * (navegador.ts) and the modules it imports, as the original's bank served its cliente.js.
 */
import { servePage } from '../page-server.js';

export const webApp = servePage({
  title: 'inter_event: the client in a browser',
  script: '/examples/ginsfsm/inter_event/navegador.js',
  body: '    <h1>Cliente</h1>\n    <pre id="log"></pre>',
});
