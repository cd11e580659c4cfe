/**
 * The default `HttpServing` of a composite: one GHttpServer per http app, a child of the
 * main gaplic named like the app's section, as ginsfsm made one GWsgiServer per wsgi app.
 * The section's other keys are the server's parameters (`host`, `port`, `maxBodySize`, ...,
 * converted from their ini text like any setting); the app is its `application`.
 */
import type { GAplic } from '../gaplic/gaplic.js';
import { destroyGObj } from '../gobj/create.js';
import { GHttpServer } from '../net/ghttp-server.js';
import type { HttpApp } from '../net/http-shapes.js';
import type { CompositeHttpApp, HttpServing } from './http.js';

/** Serves each http app of a composite with a GHttpServer of the main gaplic. */
export function ghttpServing(): HttpServing {
  const servers: GHttpServer[] = [];
  return {
    async serve(apps: readonly CompositeHttpApp[], main: GAplic): Promise<void> {
      for (const { section, app, settings } of apps) {
        const server = main.createGObj(section, GHttpServer, main, {
          ...settings,
          // GHttpServer checks it (NET_HTTP_BAD_OPTION names the section and the value).
          application: app as HttpApp,
        });
        // Its parent, the main gaplic, has no EV_LISTENING to take (a warning at each
        // start): the log line below says where it listens. A subscriber the section
        // names (`subscriber = monitor`) keeps its subscription.
        if (settings.subscriber === undefined) server.deleteSubscription(null, main);
        servers.push(server);
        const { url } = await server.listening;
        main.logger.info(`${section}: serving on ${url}`);
      }
    },
    close(): void {
      for (const server of servers.splice(0)) {
        if (!server.destroyed) destroyGObj(server);
      }
    },
  };
}
