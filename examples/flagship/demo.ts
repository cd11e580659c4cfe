/**
 * 'Demo', the flagship's main gaplic (`[app:demo]` of app.ini), in gserve's own thread:
 * its router listens for gaplics of other hosts (WebSocket), its `monitor` collects the
 * figures of Echo and Stress, and its `status_page` answers the composite's HTTP server.
 *
 *   npm start                 (= gserve examples/flagship/app.ini, compiled first)
 */
import { GAplic, routerOf, type Kw } from '../../src/node.js';
import type { LocalConf } from '../compose/front.js';
import { Monitor } from './monitor.js';
import { StatusPage } from './status-page.js';

/** `[app:demo] use = call:.../demo.js#demoMain`: ready once its router listens. */
export async function demoMain(_globalConf: Kw, localConf: LocalConf): Promise<GAplic> {
  const { name, roles, ...settings } = localConf; // settings: { 'router.port': '8002', ... }
  const demo = new GAplic({ name, roles, settings });
  console.log(
    `flagship: Demo here (pid ${process.pid}), Echo in a child process, Stress in a worker thread`,
  );
  // Made now, so that its settings apply (router.server, router.port).
  const server = await routerOf(demo).listening;
  if (server !== null)
    console.log(`flagship: router on ${server.url} (for gaplics of other hosts)`);
  const monitor = demo.createGObj('monitor', Monitor, demo, { uniqueName: true });
  demo.createGObj('status_page', StatusPage, demo, { uniqueName: true, monitor });
  demo.postEvent(monitor, 'EV_BEGIN'); // delivered once the gaplic runs
  return demo;
}
