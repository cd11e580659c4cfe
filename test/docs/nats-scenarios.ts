// The scenarios of docs/errors.md for the router over NATS (issue #9), kept beside
// errors-messages.test.ts, which runs them: nats-server processes of the test on free
// loopback ports, shown as 4222 (`noteNatsPort`).
import assert from 'node:assert/strict';
import { GAplic, GObj, GRouter, routerOf, silentLogger, type FaultCode } from '../../src/node.js';
import { until as waitUntil } from '../fixtures/client.js';
import { freePort, NatsServer } from '../fixtures/nats-server.js';
import type { ErrorScenario, FaultScenario as Scenario } from './scenario-types.js';

/** What a fault scenario gets of the bench: a gaplic 'app' on a TestClock. */
interface Bench {
  readonly gaplic: GAplic;
  readonly faults: readonly { readonly code: FaultCode }[];
}

type FaultScenario = Scenario<Bench>;

/** The user 'alice' (password 'secret') may do anything but publish to gaplic 'Secret'. */
const AUTH = `authorization { users: [ { user: alice, password: secret, permissions: { publish: { deny: "ginsfsm.gaplic.Secret" } } } ] }\n`;

/** Waits for a fault (or another condition) for up to 5 s. */
const until = (condition: () => boolean, what: string): Promise<void> =>
  waitUntil(condition, 5000, what);

/** Destroys `router` (closing its connection). */
function stop(router: GRouter): void {
  if (!router.destroyed) router.host.destroyGObj(router);
}

export function natsScenarios(
  noteNatsPort: (port: number) => void,
  onPlatform: (body: string) => Promise<void>,
): { errors: ErrorScenario[]; faults: FaultScenario[] } {
  /** A server of the scenario (JetStream off unless asked), its port noted. */
  async function server(config?: string, jetstream = false): Promise<NatsServer> {
    const s = await NatsServer.start({ jetstream, ...(config !== undefined ? { config } : {}) });
    noteNatsPort(s.port);
    return s;
  }

  /** The router of gaplic `app` (or `gaplic`) connected to `s` as alice, with `password`. */
  function app(
    s: NatsServer,
    password: string,
    settings: Record<string, unknown> = {},
    gaplic: GAplic = new GAplic({ name: 'app', logger: silentLogger }),
  ): GRouter {
    return gaplic.createGObj('router', GRouter, gaplic, {
      uniqueName: true,
      natsServers: s.url,
      natsUser: 'alice',
      natsPassword: password,
      ...settings,
    });
  }

  /**
   * Runs `body` with the router of `app(...)` on a new server, then destroys the router
   * and disposes of the server, whatever `body` did.
   */
  async function withRouter(
    password: string,
    settings: Record<string, unknown>,
    gaplic: GAplic | undefined,
    body: (router: GRouter, s: NatsServer) => Promise<unknown>,
  ): Promise<void> {
    const s = await server(AUTH);
    const router = app(s, password, settings, gaplic);
    try {
      await body(router, s);
    } finally {
      stop(router);
      await s.dispose();
    }
  }

  const errors: ErrorScenario[] = [
    [
      'ROUTER_NATS_UNAVAILABLE',
      () =>
        onPlatform(
          `routerOf(new GAplic({ name: 'app', logger: silentLogger, settings: { 'router.natsServers': 'nats://127.0.0.1:4222' } }));`,
        ),
    ],
    [
      'ROUTER_NATS_BAD_CONFIG',
      () =>
        routerOf(
          new GAplic({
            name: 'app',
            logger: silentLogger,
            settings: {
              'router.natsServers': 'nats://127.0.0.1:4222',
              'router.natsCredsFile': '/nowhere/user.creds',
            },
          }),
        ),
    ],
    [
      'ROUTER_NATS_BAD_CONFIG',
      () =>
        routerOf(
          new GAplic({
            name: 'app',
            logger: silentLogger,
            settings: {
              'router.natsServers': 'nats://127.0.0.1:4222',
              'router.natsNkeySeed': 'SUNOTASEED',
            },
          }),
        ),
    ],
    [
      'ROUTER_NATS_AUTH_FAILED',
      () =>
        withRouter('wrong', {}, undefined, async (router) => {
          await router.natsReady;
        }),
    ],
    [
      'ROUTER_NATS_JETSTREAM_FAILED',
      () =>
        withRouter('secret', { natsJetStream: true }, undefined, async (router) => {
          await router.natsReady;
        }),
    ],
  ];

  const faults: FaultScenario[] = [
    [
      'NATS_CONNECT_FAILED',
      async (b) => {
        const port = await freePort();
        noteNatsPort(port);
        const router = b.gaplic.createGObj('router', GRouter, b.gaplic, {
          uniqueName: true,
          natsServers: `nats://127.0.0.1:${port}`,
        });
        try {
          await until(() => b.faults.some((f) => f.code === 'NATS_CONNECT_FAILED'), 'the fault');
        } finally {
          stop(router);
        }
      },
    ],
    [
      'NATS_AUTH_FAILED',
      (b) =>
        withRouter('wrong', {}, b.gaplic, async (router) => {
          await assert.rejects(router.natsReady!, { code: 'ROUTER_NATS_AUTH_FAILED' });
        }),
    ],
    [
      'NATS_LOST',
      (b) =>
        withRouter('secret', {}, b.gaplic, async (router, s) => {
          await router.natsReady;
          await s.kill();
          await until(() => b.faults.some((f) => f.code === 'NATS_LOST'), 'the fault');
        }),
    ],
    [
      'NATS_SERVER_ERROR',
      (b) =>
        withRouter('secret', { natsRequestTimeout: 0.05 }, b.gaplic, async (router) => {
          await router.natsReady;
          b.gaplic.createGObj('client', GObj, b.gaplic, { uniqueName: true });
          b.gaplic.sendEventOutside('Secret', '', 'vault', 'EV_OPEN', 'client');
          await until(() => b.faults.some((f) => f.code === 'NATS_SERVER_ERROR'), 'the fault');
        }),
    ],
    [
      'NATS_JETSTREAM_FAILED',
      (b) =>
        withRouter('secret', { natsJetStream: true }, b.gaplic, async (router) => {
          await assert.rejects(router.natsReady!, { code: 'ROUTER_NATS_JETSTREAM_FAILED' });
        }),
    ],
  ];
  return { errors, faults };
}
