// Dotted settings (src/gconfig/settings.ts): how 'target.param' keys reach gobjs, their
// precedence, strictness at creation, filterParameters and overwriteParameters.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createGObj, GAplic, GObj, type GConfigTemplate, type Kw } from '../../src/index.js';
import { CaptureLogger } from '../../src/testing/index.js';

class Base extends GObj {
  static override gconfig: GConfigTemplate = {
    port: { type: 'int', default: 0, description: '' },
    host: { type: 'str', default: null, description: '' },
  };
}
class Server extends Base {
  static override gconfig: GConfigTemplate = {
    tls: { type: 'bool', default: false, description: '' },
  };
}
class Other extends GObj {
  static override gconfig: GConfigTemplate = {
    color: { type: 'str', default: null, description: '' },
  };
}

function withSettings(settings: Kw): { gaplic: GAplic; logger: CaptureLogger } {
  const logger = new CaptureLogger();
  return { gaplic: new GAplic({ name: 'ga', logger, settings }), logger };
}

function reversed(settings: Kw): Kw {
  return Object.fromEntries(Object.entries(settings).reverse());
}

describe('settings - targets', () => {
  test('settings - a key aimed at a gobj name reaches that gobj only', () => {
    const { gaplic } = withSettings({ 'srv.port': '1' });
    assert.equal(gaplic.createGObj('srv', Server, null).config.port, 1);
    assert.equal(gaplic.createGObj('other', Server, null).config.port, 0);
    assert.equal(gaplic.createGObj(null, Server, null).config.port, 0);
  });

  test('settings - a key aimed at a gclass reaches its gobjs and those of its subclasses', () => {
    const { gaplic } = withSettings({ 'Server.tls': 'yes', 'Base.host': 'h' });
    const server = gaplic.createGObj('s', Server, null);
    const base = gaplic.createGObj('b', Base, null);
    assert.equal(server.config.tls, true);
    assert.equal(server.config.host, 'h');
    assert.equal(base.config.host, 'h');
  });

  test('settings - GObj. keys and undotted keys reach every gobj that has the parameter', () => {
    for (const settings of [{ 'GObj.port': '4' }, { port: '4' }]) {
      const { gaplic, logger } = withSettings(settings);
      assert.equal(gaplic.createGObj('s', Server, null).config.port, 4);
      assert.equal(gaplic.createGObj('b', Base, null).config.port, 4);
      const other = gaplic.createGObj('o', Other, null);
      assert.equal(other.readParameter('port'), undefined);
      assert.equal(logger.messages('error').length, 1, 'only the readParameter error');
      assert.equal(logger.messages('warn').length, 0);
    }
  });

  test('settings - common parameters reach every gobj through GObj.', () => {
    const { gaplic } = withSettings({ 'GObj.traceTraverse': 'on' });
    assert.equal(gaplic.createGObj('o', Other, null).config.traceTraverse, true);
    assert.equal(gaplic.createGObj('g', GObj, null).config.traceTraverse, true);
  });

  test('settings - precedence is gobj name > gclass > ancestor gclass > GObj. > undotted, whatever the key order', () => {
    const all = {
      port: '5',
      'GObj.port': '4',
      'Base.port': '3',
      'Server.port': '2',
      'srv.port': '1',
    };
    const dropping = (...keys: string[]): Kw =>
      Object.fromEntries(Object.entries(all).filter(([k]) => !keys.includes(k)));
    const cases: [Kw, number][] = [
      [all, 1],
      [dropping('srv.port'), 2],
      [dropping('srv.port', 'Server.port'), 3],
      [dropping('srv.port', 'Server.port', 'Base.port'), 4],
      [{ port: '5' }, 5],
    ];
    for (const [settings, expected] of cases) {
      for (const ordered of [settings, reversed(settings)]) {
        const { gaplic } = withSettings(ordered);
        const srv = gaplic.createGObj('srv', Server, null);
        assert.equal(srv.config.port, expected, JSON.stringify(ordered));
        assert.equal(srv.filterParameters(ordered).port, String(expected));
      }
    }
    // For one settings object, each gobj gets its own winner.
    const { gaplic } = withSettings(reversed(all));
    assert.equal(gaplic.createGObj('srv', Server, null).config.port, 1);
    assert.equal(gaplic.createGObj('s2', Server, null).config.port, 2);
    assert.equal(gaplic.createGObj('b', Base, null).config.port, 3);
  });

  test('settings - a key aimed at a gobj name or gclass with an unknown parameter throws at creation', () => {
    for (const [settings, name, gclass] of [
      [{ 'srv.nope': 1 }, 'srv', Server],
      [{ 'Server.nope': 1 }, 'anything', Server],
      [{ 'Base.tls': true }, 'b', Base],
    ] as const) {
      const { gaplic } = withSettings(settings);
      const parent = gaplic.createGObj('parent', Other, null);
      assert.throws(() => gaplic.createGObj(name, gclass, parent), {
        name: 'GConfigValidateError',
        code: 'GCONFIG_UNKNOWN_PARAMETER',
        message: /'(nope|tls)'/,
      });
      assert.deepEqual(parent.children, []);
    }
    // Gobjs the key does not aim at are unaffected.
    const { gaplic } = withSettings({ 'srv.nope': 1, 'Base.tls': true });
    assert.doesNotThrow(() => gaplic.createGObj('other', Server, null));
  });

  test('settings - a bad value for a gobj throws GCONFIG_INVALID_VALUE at creation', () => {
    const { gaplic } = withSettings({ 'Server.port': 'eighty' });
    assert.throws(() => gaplic.createGObj('s', Server, null), {
      name: 'GConfigValidateError',
      code: 'GCONFIG_INVALID_VALUE',
    });
  });

  test('settings - win over the creation kw; kw for other parameters stays', () => {
    const { gaplic } = withSettings({ 'Server.port': '2' });
    const srv = gaplic.createGObj('s', Server, null, { port: 9, host: 'kw' });
    assert.equal(srv.config.port, 2);
    assert.equal(srv.config.host, 'kw');
  });

  test('settings - ini strings are coerced to the parameter types', () => {
    const { gaplic } = withSettings({ 'Server.port': '8000', 'Server.tls': 'true' });
    const srv = gaplic.createGObj('s', Server, null);
    assert.equal(srv.config.port, 8000);
    assert.equal(srv.config.tls, true);
  });
});

describe('settings - filterParameters', () => {
  test('filterParameters - returns the settings that apply to this gobj, after precedence, uncoerced', () => {
    const srv = createGObj('srv', Server, null);
    assert.deepEqual(
      srv.filterParameters({
        'Server.port': '2',
        'srv.port': '1',
        'Other.color': 'red',
        'other.port': '7',
        'GObj.color': 'blue',
        host: 'h',
        'Base.tls': 'yes',
      }),
      { host: 'h', tls: 'yes', port: '1' },
    );
    assert.deepEqual(srv.filterParameters({}), {});
  });
});

describe('settings - overwriteParameters', () => {
  function tree(): { root: Server; child: Server; grandchild: Server; logger: CaptureLogger } {
    const logger = new CaptureLogger();
    const root = createGObj('root', Server, null, { logger });
    const child = createGObj('child', Server, root, { logger });
    const grandchild = createGObj('grandchild', Server, child, { logger });
    return { root, child, grandchild, logger };
  }

  test('overwriteParameters - levels 0 and -1 write this gobj only, 1 its children too, Infinity the subtree', () => {
    const cases: [number, number[]][] = [
      [0, [7, 0, 0]],
      [-1, [7, 0, 0]],
      [1, [7, 7, 0]],
      [2, [7, 7, 7]],
      [Infinity, [7, 7, 7]],
    ];
    for (const [level, expected] of cases) {
      const { root, child, grandchild } = tree();
      root.overwriteParameters(level, { 'Server.port': '7' });
      assert.deepEqual(
        [root, child, grandchild].map((g) => g.config.port),
        expected,
        `level ${level}`,
      );
    }
  });

  test('overwriteParameters - applies the dotted rules to each gobj of the subtree', () => {
    const { root, child, grandchild } = tree();
    const logger = new CaptureLogger();
    root.overwriteParameters(Infinity, {
      'GObj.traceMach': true,
      'GObj.logger': logger,
      'child.port': '3',
    });
    for (const g of [root, child, grandchild]) {
      assert.equal(g.traceMach, true, g.name);
      assert.equal(g.logger, logger, g.name);
    }
    assert.deepEqual(
      [root, child, grandchild].map((g) => g.config.port),
      [0, 3, 0],
    );
  });

  test('overwriteParameters - unknown targeted parameters and bad values are logged, not thrown', () => {
    const { root, logger } = tree();
    root.overwriteParameters(0, { 'Server.nope': 1, 'root.port': 'x', 'root.host': 'h' });
    assert.equal(root.config.port, 0);
    assert.equal(root.config.host, 'h');
    const errors = logger.messages('error');
    assert.equal(errors.length, 2);
    assert.match(errors.join('\n'), /'nope'/);
    assert.match(errors.join('\n'), /'port'/);
  });

  test('overwriteFewParameters - writes only the named parameters, on this gobj only', () => {
    const { root, child } = tree();
    root.overwriteFewParameters(['port'], { 'Server.port': '7', 'Server.host': 'h' });
    assert.equal(root.config.port, 7);
    assert.equal(root.config.host, null);
    assert.equal(child.config.port, 0);
  });
});

describe('settings - bad settings', () => {
  test('settings - a settings value that is not an object throws GAPLIC_BAD_OPTION', () => {
    for (const settings of ['port=1', 42, ['a.b']]) {
      assert.throws(() => new GAplic({ settings: settings as never }), {
        name: 'GAplicError',
        code: 'GAPLIC_BAD_OPTION',
      });
    }
    const gobj = createGObj('g', Server, null);
    assert.throws(() => gobj.overwriteParameters(0, 'port=1' as never), {
      name: 'GAplicError',
      code: 'GAPLIC_BAD_OPTION',
    });
  });

  test('settings - a key with an empty target or parameter throws GAPLIC_BAD_OPTION', () => {
    const gobj = createGObj('g', Server, null);
    for (const key of ['', '.port', 'srv.', 'a..', '.']) {
      assert.throws(
        () => new GAplic({ settings: { [key]: 1 } }),
        { name: 'GAplicError', code: 'GAPLIC_BAD_OPTION' },
        key,
      );
      assert.throws(
        () => gobj.filterParameters({ [key]: 1 }),
        { name: 'GAplicError', code: 'GAPLIC_BAD_OPTION' },
        key,
      );
      assert.throws(
        () => gobj.overwriteFewParameters(['port'], { [key]: 1 }),
        { name: 'GAplicError', code: 'GAPLIC_BAD_OPTION' },
        key,
      );
    }
  });
});
