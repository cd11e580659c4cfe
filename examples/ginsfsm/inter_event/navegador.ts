/**
 * The browser client of inter_event (the original's cliente.js, served by the bank at
 * http://localhost:8001): the Cliente gclass of cliente.ts in a gaplic of the page, whose
 * static route reaches 'Gran-Villain' with the browser's own WebSocket. web.ts serves the
 * page (ap1_banco.ini's `http = web`); each line the client prints also shows on it.
 *
 *   http://127.0.0.1:8000/?router=ws://127.0.0.1:8001&user=Pepa
 */
import { clienteMain } from './cliente.js';

/** The little of the DOM this page uses (the project compiles without the DOM types). */
interface Page {
  readonly location: { readonly search: string; readonly hostname: string };
  readonly document: { getElementById(id: string): { textContent: string | null } | null };
}

const page = globalThis as unknown as Page;
const query = new URLSearchParams(page.location.search);
const router = query.get('router') ?? `ws://${page.location.hostname}:8001`;

// What the client prints goes to the page too.
const log = page.document.getElementById('log');
const print = console.log.bind(console);
console.log = (line: string): void => {
  print(line);
  if (log !== null) log.textContent = `${log.textContent ?? ''}${line}\n`;
};

const gaplic = clienteMain(
  {},
  {
    name: query.get('name') ?? 'Navegador',
    roles: ['cliente'],
    'router.staticRoutes': `Gran-Villain, banco+financiera+bolsa+publicidad, ${router}`,
    'router.reconnectMin': '0.2',
    'router.reconnectMax': '2',
    'cliente.userName': query.get('user') ?? 'Pepa',
  },
);
void gaplic.start();
