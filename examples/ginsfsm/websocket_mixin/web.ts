/** Protocolo1's web app (`http = web` in app.ini): the browser page (pagina.ts). */
import { servePage } from '../page-server.js';

export const webApp = servePage({
  title: 'websocket_mixin: the driver in a browser',
  script: '/examples/ginsfsm/websocket_mixin/pagina.js',
  body: '    <h1>Navegador</h1>\n    <pre id="log"></pre>',
});
