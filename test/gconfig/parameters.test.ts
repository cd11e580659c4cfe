// The write pipeline (src/gconfig/parameters.ts): unknown names, validators, 'app:'
// references, callable protection, direct parameters, run-time errors, read and reset.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import {
  createGObj,
  FLAG_DIRECT_ATTR,
  GAplic,
  GObj,
  setGlobalApp,
  type GConfigTemplate,
} from '../../src/index.js';
import { CaptureLogger, resetGlobals } from '../../src/testing/index.js';

const serverGConfig = {
  port: { type: 'int', default: 8000, description: 'TCP port' },
  host: { type: 'str', default: 'localhost', description: 'host name' },
  handler: { type: 'any', default: null, description: 'anything' },
  tags: { type: 'list', default: ['a'], description: 'mutable list' },
  opts: { type: 'dict', default: { k: 1 }, description: 'mutable dict' },
  raw: { type: 'bytes', default: 'ab', description: 'mutable bytes' },
  direct: { type: 'int', default: 1, flag: FLAG_DIRECT_ATTR, description: 'a direct one' },
} as const satisfies GConfigTemplate;

class Server extends GObj<typeof GObj.fsm, typeof serverGConfig> {
  static override gconfig = serverGConfig;
}

function server(kw: Record<string, unknown> = {}): { gobj: Server; logger: CaptureLogger } {
  const logger = new CaptureLogger();
  const gobj = createGObj('srv', Server, null, { logger, ...kw });
  return { gobj, logger };
}

afterEach(() => resetGlobals());

describe('pipeline - unknown names', () => {
  test('pipeline - an unknown name in the creation kw throws GCONFIG_UNKNOWN_PARAMETER', () => {
    assert.throws(() => createGObj('srv', Server, null, { prot: 80 } as never), {
      name: 'GConfigValidateError',
      code: 'GCONFIG_UNKNOWN_PARAMETER',
      message: /unknown parameter 'prot'/,
    });
  });

  test('pipeline - an unknown name at run time is logged and ignored', () => {
    const { gobj, logger } = server();
    const before = gobj.readParameters();
    gobj.writeParameters({ prot: 80, port: '81' } as never);
    assert.equal(gobj.config.port, 81);
    assert.equal(gobj.writeParameter('prot', 80), false);
    assert.deepEqual(gobj.readParameters(), { ...before, port: 81 });
    assert.equal(Object.hasOwn(gobj, 'prot'), false);
    const errors = logger.messages('error');
    assert.equal(errors.length, 2);
    assert.match(errors[0] ?? '', /unknown parameter 'prot'/);
  });
});

describe('pipeline - validators', () => {
  test('pipeline - a validator receives the coerced value and returns the value stored', () => {
    const seen: unknown[] = [];
    class Validated extends GObj {
      static override gconfig: GConfigTemplate = {
        port: {
          type: 'int',
          default: 1,
          description: '',
          validate: (value: number) => {
            seen.push(value);
            return value * 10;
          },
        },
      };
    }
    const gobj = createGObj('v', Validated, null, { port: '8' });
    assert.deepEqual(seen, [1, 8]);
    assert.equal(gobj.config.port, 80);
    gobj.writeParameters({ port: '9' });
    assert.equal(gobj.config.port, 90);
  });

  test('pipeline - a throwing validator rejects: thrown at creation, logged at run time', () => {
    class Checked extends GObj {
      static override gconfig: GConfigTemplate = {
        port: {
          type: 'int',
          default: 1,
          description: '',
          validate: (value: number) => {
            if (value > 65535) throw new RangeError('port above 65535');
            return value;
          },
        },
      };
    }
    assert.throws(() => createGObj('c', Checked, null, { port: '70000' }), {
      name: 'GConfigValidateError',
      code: 'GCONFIG_INVALID_VALUE',
      message: /'port'.*70000.*port above 65535/,
    });
    const logger = new CaptureLogger();
    const gobj = createGObj('c', Checked, null, { logger, port: 2 });
    assert.equal(gobj.writeParameter('port', 70000), false);
    assert.equal(gobj.config.port, 2);
    assert.match(logger.messages('error')[0] ?? '', /port above 65535/);
  });
});

describe('pipeline - app references', () => {
  test("pipeline - 'app:<name>' in an any parameter becomes the global app <name>", () => {
    const app = { kind: 'web app' };
    setGlobalApp('web', app);
    const { gobj } = server({ handler: 'app:web' });
    assert.equal(gobj.config.handler, app);
  });

  test("pipeline - 'app:<name>' of an unregistered app is rejected, not stored as undefined", () => {
    const app = { kind: 'web app' };
    setGlobalApp('web', app);
    assert.throws(() => server({ handler: 'app:missing' }), {
      name: 'GConfigValidateError',
      code: 'GCONFIG_INVALID_VALUE',
      message: /handler.*"app:missing".*registered global app/,
    });
    const { gobj, logger } = server({ handler: 'app:web' });
    gobj.writeParameters({ handler: 'app:missing' });
    assert.equal(gobj.config.handler, app);
    assert.match(logger.messages('error')[0] ?? '', /"app:missing".*registered global app/);
  });

  test("pipeline - 'app:<name>' in a parameter that is not any stays a string", () => {
    setGlobalApp('web', { kind: 'web app' });
    const { gobj } = server({ host: 'app:web' });
    assert.equal(gobj.config.host, 'app:web');
  });
});

describe('pipeline - callable protection', () => {
  test('pipeline - a stored function is not replaced by a value that is not a function', () => {
    const { gobj, logger } = server();
    const first = (): string => 'first';
    const second = (): string => 'second';
    assert.equal(gobj.writeParameter('handler', first), true);
    assert.equal(gobj.writeParameter('handler', 'a string'), false);
    assert.equal(gobj.config.handler, first);
    assert.equal(logger.messages('warn').length, 1);
    assert.match(logger.messages('warn')[0] ?? '', /'handler' holds a function/);
    assert.equal(gobj.writeParameter('handler', null), false);
    assert.equal(gobj.config.handler, first);
    assert.equal(logger.messages('warn').length, 1, 'null is refused silently');
    assert.equal(gobj.writeParameter('handler', second), true);
    assert.equal(gobj.config.handler, second);
  });

  test("pipeline - a function resolved from 'app:' is protected the same way", () => {
    const wsgi = (): string => 'app';
    setGlobalApp('wsgi', wsgi);
    const { gobj } = server({ handler: 'app:wsgi' });
    assert.equal(gobj.config.handler, wsgi);
    gobj.writeParameters({ handler: 'plain' });
    assert.equal(gobj.config.handler, wsgi);
  });

  test('pipeline - a direct parameter named like a method does not erase the method', () => {
    class WithHook extends GObj {
      static override gconfig: GConfigTemplate = {
        goOut: { type: 'any', default: null, flag: FLAG_DIRECT_ATTR, description: '' },
      };
      outs = 0;
      override goOut(): void {
        this.outs++;
      }
    }
    const logger = new CaptureLogger();
    const gobj = createGObj('h', WithHook, null, { logger });
    assert.equal(typeof gobj.goOut, 'function');
    assert.equal(gobj.writeParameter('goOut', 'x'), false);
    gobj.destroyGObj(gobj);
    assert.equal(gobj.outs, 1);
  });

  test('pipeline - resetting a direct parameter named like a method does not erase the method', () => {
    class WithHook extends GObj {
      static override gconfig: GConfigTemplate = {
        goOut: { type: 'any', default: null, flag: FLAG_DIRECT_ATTR, description: '' },
      };
      outs = 0;
      override goOut(): void {
        this.outs++;
      }
    }
    const gobj = createGObj('h', WithHook, null, { logger: new CaptureLogger() });
    gobj.resetAllParameters();
    gobj.resetParameter('goOut');
    assert.equal(typeof gobj.goOut, 'function');
    gobj.destroyGObj(gobj);
    assert.equal(gobj.outs, 1);
  });
});

describe('pipeline - direct parameters', () => {
  test('pipeline - direct parameters are properties of the gobj, not entries of config', () => {
    const logger = new CaptureLogger();
    const gaplic = new GAplic({ name: 'ga', logger });
    const gobj = gaplic.createGObj('srv', Server, null, {
      traceMach: 'true',
      uniqueName: 'yes',
      traceCreation: '0',
      direct: '5',
    });
    assert.equal(gobj.logger, logger);
    assert.equal(gobj.traceMach, true);
    assert.equal(gobj.uniqueName, true);
    assert.equal(gobj.traceCreation, false);
    assert.equal((gobj as unknown as { direct: number }).direct, 5);
    for (const name of ['logger', 'traceMach', 'uniqueName', 'traceCreation', 'direct']) {
      assert.equal(name in gobj.config, false, name);
      assert.equal(name in gobj.readParameters(), false, name);
      assert.equal(gobj.readParameter(name), (gobj as unknown as Record<string, unknown>)[name]);
    }
    assert.equal('traceTraverse' in gobj.config, true);
  });

  test('pipeline - the logger parameter must be a logger', () => {
    assert.throws(() => createGObj('x', Server, null, { logger: 'stdout' }), {
      name: 'GConfigValidateError',
      code: 'GCONFIG_INVALID_VALUE',
      message: /'logger'/,
    });
    const { gobj, logger } = server();
    gobj.writeParameters({ logger: {} as never });
    assert.equal(gobj.logger, logger);
    assert.equal(logger.messages('error').length, 1);
  });
});

describe('pipeline - run-time errors', () => {
  test('pipeline - a bad value at run time is logged and the old value kept', () => {
    const { gobj, logger } = server({ port: 81 });
    gobj.writeParameters({ port: 'eighty', host: 'example.org' });
    assert.equal(gobj.config.port, 81);
    assert.equal(gobj.config.host, 'example.org');
    assert.equal(gobj.writeParameter('tags', Symbol('x')), true, 'list wraps any value');
    assert.equal(gobj.writeParameter('opts', 'not json'), false);
    assert.deepEqual(gobj.config.opts, { k: 1 });
    const errors = logger.messages('error');
    assert.equal(errors.length, 2);
    assert.match(errors[0] ?? '', /'port' \(int\) got "eighty" \(string\)/);
  });

  test('pipeline - writeFewParameters writes only the named parameters', () => {
    const { gobj, logger } = server();
    gobj.writeFewParameters(['port'], { port: '1', host: 'h', unknown: 1 });
    assert.equal(gobj.config.port, 1);
    assert.equal(gobj.config.host, 'localhost');
    assert.deepEqual(logger.messages('error'), []);
  });
});

describe('pipeline - read and reset', () => {
  test('readParameter - gives the value, or undefined with an error log for an unknown name', () => {
    const { gobj, logger } = server({ port: 1 });
    assert.equal(gobj.readParameter('port'), 1);
    assert.equal(gobj.readParameter('nope'), undefined);
    assert.match(logger.messages('error')[0] ?? '', /'nope'/);
  });

  test('readParameters - gives a copy of config', () => {
    const { gobj } = server();
    const values = gobj.readParameters();
    assert.equal(values.port, 8000);
    assert.equal(values.traceSubscription, false);
    values.port = 1;
    assert.equal(gobj.config.port, 8000);
  });

  test('resetParameter - writes the default back; false with an error log for an unknown name', () => {
    const { gobj, logger } = server({ port: 1, direct: 7 });
    assert.equal(gobj.resetParameter('port'), true);
    assert.equal(gobj.config.port, 8000);
    assert.equal(gobj.resetParameter('direct'), true);
    assert.equal((gobj as unknown as { direct: number }).direct, 1);
    assert.equal(gobj.resetParameter('nope'), false);
    assert.equal(logger.messages('error').length, 1);
  });

  test('resetAllParameters - writes every default back', () => {
    const { gobj } = server({ port: 1, host: 'h', tags: 'x y' });
    const fresh = server().gobj;
    gobj.resetAllParameters();
    assert.deepEqual(gobj.readParameters(), fresh.readParameters());
  });

  test('defaults - mutable defaults are copied for each gobj and each reset', () => {
    const a = server().gobj;
    const b = server().gobj;
    a.config.tags.push('changed');
    a.config.opts.extra = true;
    (a.config.raw as Uint8Array)[0] = 0;
    assert.deepEqual(b.config.tags, ['a']);
    assert.deepEqual(b.config.opts, { k: 1 });
    assert.deepEqual(b.config.raw, Uint8Array.of(97, 98));
    assert.deepEqual(serverGConfig.tags.default, ['a']);
    const before = a.config.tags;
    a.resetParameter('tags');
    assert.deepEqual(a.config.tags, ['a']);
    assert.notEqual(a.config.tags, before);
    a.config.tags.push('again');
    a.resetAllParameters();
    assert.deepEqual(a.config.tags, ['a']);
    assert.deepEqual(server().gobj.config.tags, ['a']);
  });
});

describe('pipeline - the config object', () => {
  // Small templates get their config from a constructor (its properties stay inside the
  // object); large ones from a spread. Both must be plain objects with every default.
  const big: GConfigTemplate = Object.fromEntries(
    Array.from({ length: 12 }, (_, i) => [`p${i}`, { type: 'int', default: i, description: 'p' }]),
  );
  class Big extends GObj {
    static override gconfig = big;
  }
  for (const [label, make] of [
    ['a small template', () => server().gobj],
    ['a template of more than 10 parameters', () => createGObj('big', Big, null)],
  ] as const) {
    test(`pipeline - ${label}: config is a plain object holding every default`, () => {
      const config = make().config as Record<string, unknown>;
      assert.equal(Object.getPrototypeOf(config), Object.prototype);
      assert.equal(config.constructor, Object);
      assert.equal(config.traceSubscription, false);
      assert.deepEqual(Object.keys({ ...config }), Object.keys(config));
      assert.ok(Object.keys(config).length >= 6);
    });
  }
});

describe('pipeline - config made on first use', () => {
  // Until a gobj's config is read or written it shares its gclass's defaults (a timer
  // child then costs no config object): none of that may be observable.
  const noisy = {
    traceTraverse: { type: 'bool', default: true, description: 'a common default overridden' },
  } as const satisfies GConfigTemplate;
  class Noisy extends GObj<typeof GObj.fsm, typeof noisy> {
    static override gconfig = noisy;
  }

  test('pipeline - two gobjs never share a config: writing one leaves the other', () => {
    const a = server().gobj;
    const b = server().gobj;
    a.config.port = 9000;
    a.config.tags.push('b');
    assert.equal(b.config.port, 8000);
    assert.deepEqual(b.config.tags, ['a']);
    assert.notEqual(a.config, b.config);
    assert.equal(a.config, a.config);
  });

  test('pipeline - a write before any read gives the gobj its own config with every default', () => {
    const { gobj } = server();
    assert.equal(gobj.writeParameter('host', 'example'), true);
    assert.equal(server().gobj.config.host, 'localhost');
    assert.deepEqual(
      { ...gobj.config, logger: undefined },
      { ...server().gobj.config, host: 'example', logger: undefined },
    );
  });

  test('pipeline - mutable defaults are copies, made when the config is', () => {
    const a = server().gobj;
    const b = server().gobj;
    assert.notEqual(a.config.opts, b.config.opts);
    assert.notEqual(a.config.raw, b.config.raw);
    assert.deepEqual(a.config.opts, { k: 1 });
  });

  test("pipeline - a gclass's default of a common parameter applies before any config is made", () => {
    const logger = new CaptureLogger();
    const gaplic = new GAplic({ logger });
    const parent = gaplic.createGObj('p', Noisy, gaplic);
    assert.equal(parent.getChild('missing'), undefined);
    assert.ok(
      logger.messages('info').some((m) => m.includes("getChild('missing')")),
      'traceTraverse logged the lookup',
    );
    assert.equal(parent.config.traceTraverse, true);
  });

  test('pipeline - readParameters and readParameter show the defaults of an untouched gobj', () => {
    const { gobj } = server();
    assert.equal(gobj.readParameter('port'), 8000);
    assert.equal(server().gobj.readParameters().port, 8000);
  });
});
