// GConfig templates (src/gconfig/template.ts, src/gobj/gclass.ts): validation codes,
// merging of several templates, inheritance between gclasses, bad defaults.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createGObj,
  FLAG_DIRECT_ATTR,
  GConfig,
  GCONFIG_TYPES,
  GOBJ_GCONFIG,
  GObj,
  type GConfigTemplate,
} from '../../src/index.js';
import { CaptureLogger } from '../../src/testing/index.js';
import { kTemplate } from '../../src/symbols.js';

const ok = { type: 'int', default: 0, description: 'fine' } as const;

function rejects(template: unknown, code: string, message?: string): void {
  assert.throws(
    () => new GConfig(template as GConfigTemplate),
    { name: 'GConfigTemplateError', code },
    message,
  );
}

describe('templates - validation', () => {
  test('template - a template that is not an object throws GCONFIG_TEMPLATE_NOT_AN_OBJECT', () => {
    for (const template of ['', 0, null, undefined, 'port', [[ok]], [{ a: ok }, 'b']]) {
      rejects(template, 'GCONFIG_TEMPLATE_NOT_AN_OBJECT', JSON.stringify(template));
    }
    // An array is a list of templates: each must be an object.
    rejects([{ a: ok }, 'b'], 'GCONFIG_TEMPLATE_NOT_AN_OBJECT');
  });

  test('template - an empty parameter name throws GCONFIG_TEMPLATE_BAD_NAME', () => {
    rejects({ '': ok }, 'GCONFIG_TEMPLATE_BAD_NAME');
    rejects({ a: ok, '  ': ok }, 'GCONFIG_TEMPLATE_BAD_NAME');
  });

  test('template - an entry that is not an object throws GCONFIG_TEMPLATE_BAD_ENTRY', () => {
    for (const entry of [0, null, 'int', [], ['int', 0, 0, null, 'the ginsfsm list form']]) {
      rejects({ p: entry }, 'GCONFIG_TEMPLATE_BAD_ENTRY', JSON.stringify(entry));
    }
  });

  test('template - an entry lacking type, default or description throws GCONFIG_TEMPLATE_BAD_ENTRY', () => {
    rejects({ p: { default: 0, description: 'd' } }, 'GCONFIG_TEMPLATE_BAD_ENTRY');
    rejects({ p: { type: 'int', description: 'd' } }, 'GCONFIG_TEMPLATE_BAD_ENTRY');
    rejects({ p: { type: 'int', default: 0 } }, 'GCONFIG_TEMPLATE_BAD_ENTRY');
    // A default of undefined is a default.
    assert.equal(
      new GConfig({ p: { type: 'any', default: undefined, description: 'd' } }).config.p,
      undefined,
    );
  });

  test('template - an entry with an unknown field throws GCONFIG_TEMPLATE_BAD_ENTRY naming it', () => {
    assert.throws(() => new GConfig({ p: { ...ok, dflt: 1 } as never }), {
      name: 'GConfigTemplateError',
      code: 'GCONFIG_TEMPLATE_BAD_ENTRY',
      message: /'dflt'/,
    });
    rejects({ p: { ...ok, validator: () => 1 } }, 'GCONFIG_TEMPLATE_BAD_ENTRY');
  });

  test('template - a type outside the known types throws GCONFIG_TEMPLATE_BAD_TYPE', () => {
    for (const type of ['string', 'integer', 'INT', '', null, undefined, GConfig, 42]) {
      rejects({ p: { ...ok, type } }, 'GCONFIG_TEMPLATE_BAD_TYPE', String(type));
    }
  });

  test('template - every known type is accepted', () => {
    assert.deepEqual(
      [...GCONFIG_TYPES],
      ['str', 'int', 'float', 'bool', 'list', 'tuple', 'dict', 'bytes', 'any'],
    );
    const defaults = { int: 0, float: 0, bool: false } as Record<string, unknown>;
    for (const type of GCONFIG_TYPES) {
      const entry = { type, default: defaults[type] ?? null, description: '' };
      assert.doesNotThrow(() => new GConfig({ p: entry }), type);
    }
  });

  test('template - a flag that is not an integer >= 0 throws GCONFIG_TEMPLATE_BAD_FLAG', () => {
    for (const flag of ['1', -1, 1.5, null, true, NaN]) {
      rejects({ p: { ...ok, flag } }, 'GCONFIG_TEMPLATE_BAD_FLAG', String(flag));
    }
    for (const flag of [0, 1, 2, 3, undefined]) {
      assert.doesNotThrow(() => new GConfig({ p: { ...ok, flag } }), String(flag));
    }
  });

  test('template - a validator that is not a function throws GCONFIG_TEMPLATE_BAD_VALIDATOR', () => {
    for (const validate of [0, 'check', {}, true]) {
      rejects(
        { p: { ...ok, validate } },
        'GCONFIG_TEMPLATE_BAD_VALIDATOR',
        JSON.stringify(validate),
      );
    }
    for (const validate of [null, undefined, (v: number) => v]) {
      assert.doesNotThrow(() => new GConfig({ p: { ...ok, validate } as never }));
    }
  });

  test('template - a description that is not a string throws GCONFIG_TEMPLATE_BAD_DESCRIPTION', () => {
    for (const description of [0, null, undefined, ['text']]) {
      rejects({ p: { ...ok, description } }, 'GCONFIG_TEMPLATE_BAD_DESCRIPTION');
    }
    assert.doesNotThrow(() => new GConfig({ p: { ...ok, description: '' } }));
  });

  test('template - a gclass with a bad template fails at construction and creation', () => {
    class BadTemplate extends GObj {
      static override gconfig = { p: { type: 'number', default: 0, description: '' } } as never;
    }
    assert.throws(() => new BadTemplate(), {
      name: 'GConfigTemplateError',
      code: 'GCONFIG_TEMPLATE_BAD_TYPE',
    });
    assert.throws(() => createGObj('x', BadTemplate, null), {
      name: 'GConfigTemplateError',
      code: 'GCONFIG_TEMPLATE_BAD_TYPE',
    });
  });
});

describe('templates - defaults', () => {
  test('template - an invalid default throws GConfigValidateError from the constructor', () => {
    assert.throws(
      () => new GConfig({ port: { type: 'int', default: 'eighty', description: '' } }),
      { name: 'GConfigValidateError', code: 'GCONFIG_INVALID_VALUE', message: /'port'/ },
    );
    assert.throws(
      () =>
        new GConfig({
          port: {
            type: 'int',
            default: 0,
            description: '',
            validate: (v: number) => {
              if (v < 1) throw new Error('must be >= 1');
              return v;
            },
          },
        }),
      { name: 'GConfigValidateError', code: 'GCONFIG_INVALID_VALUE', message: /must be >= 1/ },
    );
    class BadDefault extends GObj {
      static override gconfig: GConfigTemplate = {
        flag: { type: 'bool', default: 'maybe', description: '' },
      };
    }
    for (let i = 0; i < 2; i++) {
      assert.throws(() => new BadDefault(), {
        name: 'GConfigValidateError',
        code: 'GCONFIG_INVALID_VALUE',
      });
    }
  });

  test('template - defaults are written through the pipeline (coerced)', () => {
    const cfg = new GConfig({
      port: { type: 'int', default: '8000', description: '' },
      names: { type: 'tuple', default: 'a, b', description: '' },
    });
    assert.equal(cfg.config.port, 8000);
    assert.deepEqual(cfg.config.names, ['a', 'b']);
  });
});

describe('templates - merging and inheritance', () => {
  test('template - several templates merge, a later entry replacing an earlier one', () => {
    const cfg = new GConfig([
      {
        a: { type: 'int', default: 1, description: 'first a' },
        b: { type: 'str', default: 'b1', description: '' },
      },
      {
        a: { type: 'str', default: 'second', description: 'second a' },
        c: { type: 'bool', default: true, description: '' },
      },
    ]);
    assert.deepEqual(cfg.readParameters(), { a: 'second', b: 'b1', c: true });
    cfg.writeParameter('a', 5);
    assert.equal(cfg.config.a, '5');
  });

  test('template - a gclass inherits its parent gclass’s parameters and may override them', () => {
    class Base extends GObj {
      static override gconfig: GConfigTemplate = {
        x: { type: 'int', default: 1, description: '' },
        y: { type: 'str', default: 'base', description: '' },
      };
    }
    class Derived extends Base {
      static override gconfig: GConfigTemplate = {
        x: { type: 'str', default: 'two', description: '' },
        z: { type: 'bool', default: false, description: '' },
      };
    }
    class NoOwn extends Derived {}
    const logger = new CaptureLogger();
    const base = createGObj('b', Base, null, { logger });
    const derived = createGObj('d', Derived, null);
    const noOwn = createGObj('n', NoOwn, null);
    assert.deepEqual([base.config.x, base.config.y], [1, 'base']);
    assert.deepEqual(
      [derived.config.x, derived.config.y, derived.config.z],
      ['two', 'base', false],
    );
    assert.deepEqual([noOwn.config.x, noOwn.config.y, noOwn.config.z], ['two', 'base', false]);
    assert.equal(base.readParameter('z'), undefined);
    assert.equal(logger.messages('error').length, 1);
    derived.writeParameter('x', 3);
    assert.equal(derived.config.x, '3');
  });

  test('template - every gobj has the common parameters; a gclass may override their defaults', () => {
    class Traced extends GObj {
      static override gconfig: GConfigTemplate = {
        traceSubscription: { type: 'bool', default: true, description: 'on by default here' },
      };
    }
    const plain = createGObj('p', GObj, null);
    const traced = createGObj('t', Traced, null);
    for (const name of Object.keys(GOBJ_GCONFIG)) {
      assert.notEqual(plain[kTemplate].entries.get(name), undefined, name);
    }
    assert.equal(plain.config.traceSubscription, false);
    assert.equal(traced.config.traceSubscription, true);
    assert.equal(GOBJ_GCONFIG.logger.flag, FLAG_DIRECT_ATTR);
  });
});
