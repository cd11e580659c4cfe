// Type tests of gobj parameters (DESIGN.md §4): `GObj<typeof fsm, typeof gconfig>` types
// `gobj.config.<param>` from the template declared `as const` — int/float → number,
// str → string | null, bool → boolean, any → the default's type — and an unknown key or
// a direct (flagged) parameter is not in `config`. The runtime part checks the values.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  FLAG_DIRECT_ATTR,
  GAplic,
  GObj,
  GTimer,
  type GConfigTemplate,
  type GConfigValues,
} from '../../src/index.js';
import { CaptureLogger } from '../../src/testing/index.js';

/** `true` only when A and B are the same type. */
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

type Handler = (n: number) => string;

const fsm = {
  eventList: ['EV_PING: top input'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_PING', null, null]] },
} as const;

const defaultLimits: { max: number } = { max: 3 };

const gconfig = {
  port: { type: 'int', default: 8080, description: 'TCP port' },
  host: { type: 'str', default: null, description: 'Host name' },
  secure: { type: 'bool', default: false, description: 'Use TLS' },
  ratio: { type: 'float', default: 0.5, description: 'A fraction' },
  handler: { type: 'any', default: null as Handler | null, description: 'A function' },
  limits: { type: 'any', default: defaultLimits, description: 'An object' },
  tags: { type: 'list', default: [], description: 'Tags' },
  options: { type: 'dict', default: {}, description: 'Options' },
  verbose: {
    type: 'bool',
    default: false,
    flag: FLAG_DIRECT_ATTR,
    description: 'A direct property, not in config',
  },
} as const satisfies GConfigTemplate;

class Server extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = fsm;
  static override gconfig = gconfig;
}

/** Typed events, untyped parameters. */
class Plain extends GObj<typeof fsm> {
  static override fsm = fsm;
  static override gconfig: GConfigTemplate = {
    anything: { type: 'int', default: 1, description: 'Not visible to the type' },
  };
}

type Config = Server['config'];

describe('typed config', () => {
  test('config - each parameter has the TypeScript type of its gconfig type', () => {
    const checks = {
      port: true satisfies Equal<Config['port'], number>,
      host: true satisfies Equal<Config['host'], string | null>,
      secure: true satisfies Equal<Config['secure'], boolean>,
      ratio: true satisfies Equal<Config['ratio'], number>,
      handler: true satisfies Equal<Config['handler'], Handler | null>,
      limits: true satisfies Equal<Config['limits'], { max: number }>,
      tags: true satisfies Equal<Config['tags'], unknown[]>,
      options: true satisfies Equal<Config['options'], Record<string, unknown>>,
      // The common parameters every gobj has are there too.
      reName: true satisfies Equal<Config['reName'], string | null>,
      traceSubscription: true satisfies Equal<Config['traceSubscription'], boolean>,
    };
    // @ts-expect-error host may be null: it is not a plain string
    const notPlainString: Equal<Config['host'], string> = true;
    assert.equal(notPlainString, true);
    assert.ok(Object.values(checks).every((v) => v));

    const server = new Server();
    assert.equal(server.config.port, 8080);
    assert.equal(server.config.host, null);
    assert.equal(server.config.secure, false);
    assert.equal(server.config.ratio, 0.5);
    assert.equal(server.config.handler, null);
    assert.deepEqual(server.config.limits, { max: 3 });
    assert.deepEqual(server.config.tags, []);
    assert.deepEqual(server.config.options, {});
  });

  test('config - values written at creation are coerced to the declared types', () => {
    const gaplic = new GAplic({ logger: new CaptureLogger() });
    const handler: Handler = (n) => `#${n}`;
    const server = gaplic.createGObj('server', Server, gaplic, {
      port: '9000',
      host: 'example.org',
      secure: 'true',
      ratio: '0.25',
      handler,
    });
    const port: number = server.config.port;
    const host: string | null = server.config.host;
    assert.equal(port, 9000);
    assert.equal(host, 'example.org');
    assert.equal(server.config.secure, true);
    assert.equal(server.config.ratio, 0.25);
    assert.equal(server.config.handler?.(2), '#2');
  });

  test('config - an unknown key, a wrong value type or a direct parameter is an error', () => {
    const server = new Server();
    if (server.config.port < 0) {
      // @ts-expect-error 'prot' is not a parameter of Server
      void server.config.prot;
      // @ts-expect-error port is a number
      server.config.port = '8080';
      // @ts-expect-error secure is a boolean
      server.config.secure = 'yes';
      // @ts-expect-error a direct parameter is a property of the gobj, not in config
      void server.config.verbose;
      // @ts-expect-error logger is a direct common parameter
      void server.config.logger;
    }
    assert.equal('prot' in server.config, false);
    assert.equal('verbose' in server.config, false);
    assert.equal((server as unknown as { verbose: boolean }).verbose, false);
  });

  test('config - a gclass typed without its gconfig sees an open record of unknown values', () => {
    const plain = new Plain();
    const anything: unknown = plain.config.anything;
    const open: Equal<Plain['config']['whatever'], unknown> = true;
    assert.equal(open, true);
    assert.equal(anything, 1);
    // The common parameters keep their types.
    const reName: string | null = plain.config.reName;
    assert.equal(reName, null);
  });

  test('GConfigValues - can be used on a template alone', () => {
    type Values = GConfigValues<typeof gconfig>;
    const keys: Equal<
      keyof Values,
      'port' | 'host' | 'secure' | 'ratio' | 'handler' | 'limits' | 'tags' | 'options'
    > = true;
    assert.equal(keys, true);
  });

  test("GTimer - the built-in gclass's parameters are typed", () => {
    const timer = new GTimer();
    const seconds: number = timer.config.seconds;
    const autostart: boolean = timer.config.autostart;
    const name: string | null = timer.config.timeoutEventName;
    // @ts-expect-error seconds is a number
    const wrong: string = timer.config.seconds;
    assert.deepEqual([seconds, autostart, name, typeof wrong], [-1, false, 'EV_TIMEOUT', 'number']);
  });
});
