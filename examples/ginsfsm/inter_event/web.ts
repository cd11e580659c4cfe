/**
 * The bank's web app (`http = web` in ap1_banco.ini): the page of the browser client and
 * the compiled modules it imports (navegador.js, cliente.js and the isomorphic core under
 * src/), read from the compiled tree this module belongs to. Nothing else is served.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled tree: build/ when this module is build/examples/ginsfsm/inter_event/web.js. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const PAGE = `<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <link rel="icon" href="data:," />
    <title>inter_event: the client in a browser</title>
    <script type="module" src="/examples/ginsfsm/inter_event/navegador.js"></script>
  </head>
  <body>
    <h1>Cliente</h1>
    <pre id="log"></pre>
  </body>
</html>
`;

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** A Node listener: the page at `/`, compiled modules under /src/ and /examples/. */
export function webApp(request: IncomingMessage, response: ServerResponse): void {
  const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
  if (path === '/') {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(PAGE);
    return;
  }
  const file = join(ROOT, path);
  const type = TYPES[extname(file)];
  const inside = /^\/(src|examples)\//.test(path) && file.startsWith(ROOT);
  if (type === undefined || !inside || !existsSync(file)) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(`not found: ${path}\n`);
    return;
  }
  response.writeHead(200, { 'Content-Type': type });
  response.end(readFileSync(file));
}
