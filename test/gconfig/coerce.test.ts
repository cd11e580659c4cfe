// Coercion of parameter values to their template type (src/gconfig/coerce.ts), through
// the write pipeline: ini strings and typed values, and every rejection.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { asBool, GConfig, GObj, createGObj, type GConfigType } from '../../src/index.js';
import { CaptureLogger } from '../../src/testing/index.js';

/** The value stored for `value` written to a parameter of `type` (strict: throws). */
function coerced(type: GConfigType, value: unknown): unknown {
  return new GConfig({ p: { type, default: value, description: '' } }).config.p;
}

function accepts(type: GConfigType, cases: readonly (readonly [unknown, unknown])[]): void {
  for (const [input, expected] of cases) {
    assert.deepEqual(coerced(type, input), expected, `${type} <- ${String(input)}`);
  }
}

function rejects(type: GConfigType, inputs: readonly unknown[]): void {
  for (const input of inputs) {
    assert.throws(
      () => coerced(type, input),
      { name: 'GConfigValidateError', code: 'GCONFIG_INVALID_VALUE' },
      `${type} <- ${typeof input === 'symbol' ? 'symbol' : String(input)}`,
    );
  }
}

describe('coercion - str', () => {
  test('coercion - str keeps strings, renders numbers and booleans, maps null to null', () => {
    accepts('str', [
      ['text', 'text'],
      ['', ''],
      [5, '5'],
      [1.5, '1.5'],
      [true, 'true'],
      [false, 'false'],
      [10n, '10'],
      [null, null],
      [undefined, null],
    ]);
  });

  test('coercion - str rejects objects, arrays, functions and symbols', () => {
    rejects('str', [{}, ['a'], () => 'a', Symbol('s'), new Date(0)]);
  });
});

describe('coercion - int', () => {
  test('coercion - int accepts integers and strings of decimal digits', () => {
    accepts('int', [
      [8000, 8000],
      ['8000', 8000],
      [' 42 ', 42],
      ['-3', -3],
      ['+7', 7],
      ['007', 7],
      [0, 0],
      [-12, -12],
    ]);
  });

  test('coercion - int rejects fractions, words, empty strings, null, booleans and unsafe integers', () => {
    rejects('int', [
      1.5,
      '1.5',
      'abc',
      '12abc',
      '1e3',
      '0x10',
      '',
      '  ',
      null,
      undefined,
      true,
      'true',
      NaN,
      Infinity,
      2 ** 53,
      '9007199254740993',
      [1],
    ]);
  });
});

describe('coercion - float', () => {
  test('coercion - float accepts numbers and numeric strings', () => {
    accepts('float', [
      [1.5, 1.5],
      ['1.5', 1.5],
      [' 2 ', 2],
      ['-0.25', -0.25],
      ['1e3', 1000],
      [3, 3],
      ['8000', 8000],
    ]);
  });

  test('coercion - float rejects words, empty strings, NaN, null and booleans', () => {
    rejects('float', [
      'abc',
      '1.5.2',
      '',
      '  ',
      '0x10',
      'Infinity',
      Infinity,
      NaN,
      null,
      undefined,
      true,
      {},
    ]);
  });
});

describe('coercion - bool', () => {
  test('coercion - bool accepts the true words, true and 1', () => {
    for (const value of ['true', 'TRUE', ' Yes ', 'y', 't', 'on', '1', true, 1]) {
      assert.equal(coerced('bool', value), true, String(value));
      assert.equal(asBool(value), true, String(value));
    }
  });

  test('coercion - bool accepts the false words, false, 0, empty and null', () => {
    for (const value of ['false', 'False', ' no ', 'n', 'f', 'off', '0', '', false, 0, null]) {
      assert.equal(coerced('bool', value), false, String(value));
      assert.equal(asBool(value), false, String(value));
    }
    assert.equal(coerced('bool', undefined), false);
  });

  test('coercion - bool rejects other words and numbers', () => {
    rejects('bool', ['maybe', 'tru', 'yess', 2, -1, 0.5, {}, []]);
    assert.throws(() => asBool('maybe'), {
      name: 'GConfigValidateError',
      code: 'GCONFIG_INVALID_VALUE',
      message: /"maybe".*expected a boolean/,
    });
  });
});

describe('coercion - list and tuple', () => {
  test('coercion - list splits a string on commas and whitespace', () => {
    accepts('list', [
      ['a, b c', ['a', 'b', 'c']],
      ['a,b,,c', ['a', 'b', 'c']],
      [' a\tb\n', ['a', 'b']],
      ['single', ['single']],
      ['', []],
      ['  ', []],
    ]);
  });

  test('coercion - list copies arrays and iterables, wraps other values, maps null to []', () => {
    const source = ['x', 1];
    const stored = coerced('list', source);
    assert.deepEqual(stored, ['x', 1]);
    assert.notEqual(stored, source);
    assert.equal(Object.isFrozen(stored), false);
    accepts('list', [
      [new Set([1, 2]), [1, 2]],
      [5, [5]],
      [true, [true]],
      [{ a: 1 }, [{ a: 1 }]],
      [null, []],
      [undefined, []],
    ]);
  });

  test('coercion - tuple coerces like list and freezes the result', () => {
    for (const [input, expected] of [
      ['a, b c', ['a', 'b', 'c']],
      [
        [1, 2],
        [1, 2],
      ],
      [7, [7]],
      [null, []],
    ] as const) {
      const stored = coerced('tuple', input);
      assert.deepEqual(stored, expected);
      assert.equal(Object.isFrozen(stored), true);
    }
  });
});

describe('coercion - dict', () => {
  test('coercion - dict parses a JSON object string and copies objects and Maps', () => {
    accepts('dict', [
      ['{"a": 1, "b": [2]}', { a: 1, b: [2] }],
      [' {} ', {}],
      [new Map([['k', 'v']]), { k: 'v' }],
      [null, {}],
      [undefined, {}],
    ]);
    const source = { a: 1 };
    const stored = coerced('dict', source);
    assert.deepEqual(stored, { a: 1 });
    assert.notEqual(stored, source);
  });

  test('coercion - dict rejects JSON that is not an object, other strings, arrays and scalars', () => {
    rejects('dict', ['[1]', '"text"', '1', 'null', 'a=1', '', [1], [], 5, true]);
  });
});

describe('coercion - bytes', () => {
  test('coercion - bytes encodes latin-1 strings and accepts byte arrays', () => {
    assert.deepEqual(coerced('bytes', 'abc'), Uint8Array.of(97, 98, 99));
    assert.deepEqual(coerced('bytes', 'é\u00ff'), Uint8Array.of(233, 255));
    assert.deepEqual(coerced('bytes', ''), new Uint8Array(0));
    assert.deepEqual(coerced('bytes', [0, 255]), Uint8Array.of(0, 255));
    const bytes = Uint8Array.of(1, 2);
    assert.deepEqual(coerced('bytes', bytes), bytes);
    assert.equal(coerced('bytes', null), null);
    assert.equal(coerced('bytes', undefined), null);
  });

  test('coercion - bytes rejects characters beyond latin-1 and values that are not bytes', () => {
    rejects('bytes', ['€', 'a\u0100', [256], [-1], [1.5], ['a'], 5, {}, true]);
  });
});

describe('coercion - any', () => {
  test('coercion - any stores every value as it is', () => {
    const fn = (): number => 1;
    const obj = { a: 1 };
    const gobj = new GObj();
    for (const value of [fn, obj, gobj, 'text', 5, null, undefined, GObj]) {
      assert.equal(coerced('any', value), value);
    }
  });
});

describe('coercion - rejection messages', () => {
  test('coercion - a rejection names the owner, the parameter, its type, the value and what was expected', () => {
    class Server extends GObj {
      static override gconfig = {
        port: { type: 'int', default: 0, description: '' },
      } as const;
    }
    assert.throws(() => createGObj('srv', Server, null, { port: 'eighty' }), {
      name: 'GConfigValidateError',
      code: 'GCONFIG_INVALID_VALUE',
      message: `Server:srv: parameter 'port' (int) got "eighty" (string), expected an integer or a string of decimal digits`,
    });
    const logger = new CaptureLogger();
    const cfg = new GConfig({ ratio: { type: 'float', default: 0, description: '' } }, logger);
    assert.equal(cfg.writeParameter('ratio', 'half'), false);
    assert.deepEqual(logger.messages('error'), [
      `GConfig: parameter 'ratio' (float) got "half" (string), expected a finite number or a decimal string [PARAMETER_INVALID]`,
    ]);
  });
});
