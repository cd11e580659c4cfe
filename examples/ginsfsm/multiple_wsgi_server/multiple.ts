/**
 * ginsfsm's `wsgi/multiple_wsgi_server.py`: one server, three applications under three
 * URL prefixes. The original mounted them with a Paste `urlmap` composite; here the
 * server's `apps` parameter is that map, written in the ini as JSON
 * (`wsgi-server.apps = {"/": "app1", "/app2": "app2", "/app3": "app3"}`), and its names
 * are global apps this module registers (ginsfsm registered each wsgi section by name).
 * Each application sees the path after its prefix.
 *
 *   node build/src/cli/gserve.js examples/ginsfsm/multiple_wsgi_server/app.ini [port=8000]
 */
import {
  GAplic,
  GHttpServer,
  setGlobalApp,
  type HttpFetchApp,
  type Kw,
} from '../../../src/node.js';
import type { LocalConf } from '../conf.js';

/** An application answering `Hello World <which>!` (a WHATWG fetch handler). */
function hello(which: string): HttpFetchApp {
  return {
    fetch: (request) =>
      new Response(`Hello World ${which}! (path ${new URL(request.url).pathname})\n`, {
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      }),
  };
}

/** `[app:wsgi-gaplic]`: the gaplic, its `wsgi-server`, and the three applications. */
export function multipleMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf;
  setGlobalApp('app1', hello('ONE'));
  setGlobalApp('app2', hello('TWO'));
  setGlobalApp('app3', hello('THREE'));
  const gaplic = new GAplic({ name, roles, settings });
  // host, port and apps come from the ini (`wsgi-server.port = 8000`).
  const server = gaplic.createGObj('wsgi-server', GHttpServer, gaplic);
  server.deleteSubscription(null, gaplic); // the gaplic takes no EV_LISTENING: we await it
  server.listening.then(
    ({ url }) => console.log(`Wsgi-Example: serving /, /app2 and /app3 on ${url}`),
    () => {}, // logged by the server as the fault HTTP_LISTEN_FAILED
  );
  return gaplic;
}
