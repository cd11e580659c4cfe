/**
 * The web app of a ported example whose original had a browser page: a Node listener that
 * serves the page at `/` and the compiled modules it imports (its script and the
 * isomorphic core under src/), read from the compiled tree this module belongs to.
 * Nothing else is served.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled tree: build/ when this module is build/examples/ginsfsm/page-server.js. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** What a page holds: its title, its script (a path under the compiled tree), its body. */
export interface PageSpec {
  readonly title: string;
  readonly script: string;
  readonly body: string;
}

function html({ title, script, body }: PageSpec): string {
  return `<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <link rel="icon" href="data:," />
    <title>${title}</title>
    <script type="module" src="${script}"></script>
  </head>
  <body>
${body}
  </body>
</html>
`;
}

/** A Node listener: the page at `/`, compiled modules under /src/ and /examples/. */
export function servePage(spec: PageSpec): (req: IncomingMessage, res: ServerResponse) => void {
  const page = html(spec);
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const path = normalize(decodeURIComponent(url.pathname));
    if (path === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(page);
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
  };
}
