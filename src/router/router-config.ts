/**
 * The parameters of GRouter, settable from an ini file (`router.port = 2690`) like any
 * gobj's. Durations are in seconds, as every ginsfsm timeout.
 */
import type { GConfigTemplate } from '../gconfig/template.js';
import { DEFAULT_LIMITS } from './route.js';
import { parseStaticRoutes } from './static-routes.js';

export const ROUTER_GCONFIG = {
  server: {
    type: 'bool',
    default: false,
    description: 'Listen for peer routers on host:port (ws://, or wss:// with tlsCert and tlsKey)',
  },
  host: { type: 'str', default: '127.0.0.1', description: 'Address the server listens on' },
  port: {
    type: 'int',
    default: 2690,
    description: 'Port the server listens on (0: any free port; `await router.listening` tells)',
    validate: (n: number) => between(n, 0, 65535),
  },
  tlsCert: { type: 'str', default: '', description: 'PEM certificate of the wss:// server' },
  tlsKey: { type: 'str', default: '', description: 'PEM private key of the wss:// server' },
  tlsCa: {
    type: 'str',
    default: '',
    description: 'PEM certificate(s) the static routes trust for wss:// (a private CA)',
  },
  staticRoutes: {
    type: 'str',
    default: '',
    description: "Routes to connect to: 'name, role1+role2, url1+url2; ...' (ginsfsm's format)",
    validate: (text: string) => (parseStaticRoutes(text), text),
  },
  defaultRoute: {
    type: 'str',
    default: '',
    description: 'The gaplic name of the route for destinations no other route serves',
  },
  authToken: {
    type: 'str',
    default: '',
    description:
      'Shared secret: sent by our static routes, required from peers of our server (protocol v2)',
  },
  protocol: {
    type: 'int',
    default: 2,
    description: 'Highest protocol spoken: 2, or 1 to speak only ginsfsm 0.7',
    validate: (n: number) => between(n, 1, 2),
  },
  window: {
    type: 'int',
    default: DEFAULT_LIMITS.window,
    description: 'Events in flight per route before the others wait (v2; v1 has one)',
    validate: (n: number) => between(n, 1, Number.MAX_SAFE_INTEGER),
  },
  maxQueue: {
    type: 'int',
    default: DEFAULT_LIMITS.maxQueue,
    description: 'Events waiting per route; beyond it queuePolicy applies',
    validate: (n: number) => between(n, 1, Number.MAX_SAFE_INTEGER),
  },
  queuePolicy: {
    type: 'str',
    default: DEFAULT_LIMITS.queuePolicy,
    description:
      "A full route queue nacks the new event ('nack') or drops the oldest ('dropOldest')",
    validate: (policy: string) => {
      if (policy !== 'nack' && policy !== 'dropOldest')
        throw new Error("must be 'nack' or 'dropOldest'");
      return policy;
    },
  },
  maxFrame: {
    type: 'int',
    default: 1024 * 1024,
    description: 'Largest WebSocket frame sent or accepted, in bytes',
    validate: (n: number) => between(n, 1024, 2 ** 31 - 1),
  },
  heartbeat: {
    type: 'float',
    default: 20,
    description: 'Seconds of silence before a WebSocket peer is pinged (0: no heartbeat)',
    validate: (s: number) => between(s, 0, 86400),
  },
  heartbeatTimeout: {
    type: 'float',
    default: 60,
    description: 'Seconds of silence after which a WebSocket peer is dead and dropped',
    validate: (s: number) => between(s, 0.01, 86400),
  },
  identityTimeout: {
    type: 'float',
    default: 10,
    description: 'Seconds a new connection has to complete the identity handshake',
    validate: (s: number) => between(s, 0.01, 3600),
  },
  reconnectMin: {
    type: 'float',
    default: 0.5,
    description: 'First pause before a static route connects again (doubles up to reconnectMax)',
    validate: (s: number) => between(s, 0.001, 3600),
  },
  reconnectMax: {
    type: 'float',
    default: 30,
    description: 'Longest pause between two rounds of connection attempts',
    validate: (s: number) => between(s, 0.001, 86400),
  },
  linger: {
    type: 'float',
    default: 60,
    description:
      'Seconds the route of a disconnected v2 peer keeps its events for the peer to come back',
    validate: (s: number) => between(s, 0, 86400),
  },
  updateUnknownRoles: {
    type: 'bool',
    default: false,
    description: 'Add to a static route the roles its peer announces that were not configured',
  },
  traceRouter: { type: 'bool', default: false, description: 'Log every message in and out' },
  inspect: {
    type: 'bool',
    default: false,
    description:
      'Answer EV_SHOW_GOBJS and EV_SHOW_GOBJ from other gaplics (gconsole): the unique gobjs, their state, parameters and events',
  },
  natsServers: {
    type: 'str',
    default: '',
    description:
      "NATS servers to connect to, 'nats://host:port, tls://host2:port' ('': no NATS); gaplics reach each other there by name and role",
    validate: (text: string) => (parseNatsServers(text), text),
  },
  natsRealm: {
    type: 'str',
    default: 'ginsfsm',
    description:
      'Prefix of every subject and name of the JetStream stream: gaplics of one realm reach each other',
    validate: (realm: string) => {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(realm))
        throw new Error('must be 1 to 64 letters, digits, - or _');
      return realm;
    },
  },
  natsUser: { type: 'str', default: '', description: 'NATS user (with natsPassword)' },
  natsPassword: { type: 'str', default: '', description: 'NATS password of natsUser' },
  natsToken: { type: 'str', default: '', description: 'NATS authentication token' },
  natsNkeySeed: {
    type: 'str',
    default: '',
    description: 'NATS nkey: the user seed (SU...), or the path of a file holding it',
  },
  natsCredsFile: {
    type: 'str',
    default: '',
    description: 'Path of a NATS .creds file (user JWT and seed, for an operator-mode server)',
  },
  natsTlsCa: {
    type: 'str',
    default: '',
    description: 'PEM CA certificate(s) to check the NATS server against (text or file path)',
  },
  natsTlsCert: {
    type: 'str',
    default: '',
    description: 'PEM client certificate for NATS servers that ask for one (text or file path)',
  },
  natsTlsKey: {
    type: 'str',
    default: '',
    description: 'PEM private key of natsTlsCert (text or file path)',
  },
  natsRequestTimeout: {
    type: 'float',
    default: 10,
    description:
      'Seconds a plain event over NATS waits for its answer before it is nacked (it may have been delivered)',
    validate: (s: number) => between(s, 0.01, 3600),
  },
  natsReconnectWait: {
    type: 'float',
    default: 1,
    description: 'Seconds between two attempts to reach a NATS server',
    validate: (s: number) => between(s, 0.01, 3600),
  },
  natsSettle: {
    type: 'float',
    default: 2,
    description:
      'Seconds after (re)connecting to NATS during which an event nobody listens for is tried again (the others are connecting too) before it is nacked',
    validate: (s: number) => between(s, 0, 3600),
  },
  natsJetStream: {
    type: 'bool',
    default: false,
    description:
      'Use JetStream: set up the stream of the realm, read the durable consumers of this gaplic (its name, its roles), send guaranteed events',
  },
  natsGuaranteed: {
    type: 'str',
    default: '',
    description:
      "Events sent over NATS as guaranteed (stored by JetStream): names 'EV_A, EV_B', or '*' for all; kw.__guaranteed__ = true marks one",
  },
  natsAckWait: {
    type: 'float',
    default: 30,
    description:
      'Seconds a guaranteed event delivered to this gaplic waits for its action before JetStream delivers it again',
    validate: (s: number) => between(s, 0.1, 86400),
  },
  natsMaxAge: {
    type: 'float',
    default: 0,
    description:
      'Seconds a guaranteed event may wait in the stream for its consumer (0: no limit); older ones are dropped',
    validate: (s: number) => between(s, 0, 365 * 86400),
  },
  natsDedup: {
    type: 'int',
    default: 100_000,
    description:
      'Guaranteed events remembered per consumer, so that one delivered again is not applied twice',
    validate: (n: number) => between(n, 1, 100_000_000),
  },
} as const satisfies GConfigTemplate;

/**
 * The server URLs of `natsServers`: separated by commas or spaces, each `host:port` or a
 * `nats://`, `tls://` URL; throws on anything else.
 */
export function parseNatsServers(text: string): string[] {
  const servers = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const server of servers) {
    if (
      !/^((nats|tls):\/\/)?([^\s:/@]+(:[^\s@/]*)?@)?(\[[0-9A-Fa-f:.]+\]|[^\s:/@[\]]+)(:\d{1,5})?\/?$/.test(
        server,
      )
    )
      throw new Error(
        `'${server}' is not a NATS server: write host:port, nats://host:port or tls://host:port`,
      );
  }
  return servers;
}

function between(n: number, min: number, max: number): number {
  if (!(n >= min && n <= max)) throw new Error(`must be between ${min} and ${max}`);
  return n;
}
