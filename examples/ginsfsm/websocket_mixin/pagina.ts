/**
 * The browser page of websocket_mixin (the original's index.html + cliente.js): the
 * Navegador gaplic of navegador.ts in the page, its static route reaching role domotica
 * with the browser's own WebSocket; each update of the driver shows on the page. web.ts
 * serves it (app.ini's `http = web`).
 *
 *   http://127.0.0.1:8000/?router=ws://127.0.0.1:8002
 */
import { mirrorConsole, query, routerUrl } from '../page-log.js';
import { navegadorMain } from './navegador.js';

mirrorConsole();
const gaplic = navegadorMain(
  {},
  {
    name: query.get('name') ?? 'Navegador',
    roles: ['navegador'],
    'router.staticRoutes': `Protocolo1, domotica, ${routerUrl(8002)}`,
    'router.reconnectMin': '0.2',
    'router.reconnectMax': '2',
    'cliente.updates': query.get('updates') ?? '2',
  },
);
void gaplic.start();
