/**
 * ginsfsm's `wsgi/simple_wsgi_server.py`: the gaplic 'Wsgi-Example' and an application
 * that answers `Hello World`. The ini's `http` list names the application's section: the
 * composite serves it with a GHttpServer child of the main gaplic named like the section
 * (`wsgi-server`), as ginsfsm's GWsgiServer served its `application`.
 *
 *   node build/src/cli/gserve.js examples/ginsfsm/simple_wsgi_server/app.ini [port=8000]
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GAplic, type Kw } from '../../../src/node.js';
import type { LocalConf } from '../conf.js';

/** `[app:wsgi-gaplic]`: the main gaplic; the composite adds the server to it. */
export function wsgiMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf;
  return new GAplic({ name, roles, settings });
}

/** `[app:wsgi-server]`: the application (a Node listener, as a WSGI callable was). */
export function application(_req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end('Hello World\n');
}
