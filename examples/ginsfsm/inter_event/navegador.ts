/**
 * The browser client of inter_event (the original's cliente.js, served by the bank at
 * http://localhost:8001): the Cliente gclass of cliente.ts in a gaplic of the page, whose
 * static route reaches 'Gran-Villain' with the browser's own WebSocket. web.ts serves the
 * page (ap1_banco.ini's `http = web`); each line the client prints also shows on it.
 *
 *   http://127.0.0.1:8000/?router=ws://127.0.0.1:8001&user=Pepa
 */
import { mirrorConsole, query, routerUrl } from '../page-log.js';
import { clienteMain } from './cliente.js';

mirrorConsole();
const gaplic = clienteMain(
  {},
  {
    name: query.get('name') ?? 'Navegador',
    roles: ['cliente'],
    'router.staticRoutes': `Gran-Villain, banco+financiera+bolsa+publicidad, ${routerUrl(8001)}`,
    'router.reconnectMin': '0.2',
    'router.reconnectMax': '2',
    'cliente.userName': query.get('user') ?? 'Pepa',
  },
);
void gaplic.start();
