// Type tests of issue #5 §6: createGObj's kw is typed from the gclass's gconfig, an
// action's gobj parameter is checked against its gclass, broadcastEvent and
// subscribeEvent take only output events, injectEvent only declared ones, event data
// can be typed per event, and `gobj.config` is a plain `{ name: type }` object.
// Each expected-error line fails the build if its error disappears.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { GObj, type GConfigTemplate, type GEvent } from '../../src/index.js';
import { drain } from '../../src/testing/index.js';
import { REPO_ROOT } from '../repo-root.js';
import { world } from '../fixtures/probe.js';

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

function acAdd(adder: Adder, event: GEvent<{ a: number; b: number }>): number {
  const sum = event.kw.a + event.kw.b;
  adder.broadcastEvent('EV_SUM', { sum });
  return sum;
}

const adderFsm = {
  eventList: ['EV_ADD: top input', 'EV_RESET: top input', 'EV_SUM: top output'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_ADD', acAdd, null],
      ['EV_RESET', null, null],
    ],
  },
} as const;

const adderConfig = {
  base: { type: 'int', default: 0, description: 'added to every sum' },
  label: { type: 'str', default: 'adder', description: 'shown in logs' },
} as const satisfies GConfigTemplate;

/** The kw of each event, typed (third type parameter of GObj). */
interface AdderEvents {
  readonly EV_ADD: { a: number; b: number };
  readonly EV_SUM: { sum: number };
  readonly [event: string]: Record<string, unknown>;
}

class Adder extends GObj<typeof adderFsm, typeof adderConfig, AdderEvents> {
  static override fsm = adderFsm;
  static override gconfig = adderConfig;
}

function acForeign(_gobj: Adder, _event: GEvent): void {}

const strayFsm = {
  eventList: ['EV_GO: top input'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_GO', acForeign, null]] },
} as const;

/** Its action expects an Adder, but it is not one. */
class Stray extends GObj<typeof strayFsm> {
  static override fsm = strayFsm;
}

describe('closed holes - creation', () => {
  test('createGObj kw is typed from the gconfig; a misspelt name does not compile', () => {
    const { gaplic } = world();
    const adder = gaplic.createGObj('a', Adder, gaplic, { base: 1, label: 'x', uniqueName: true });
    assert.equal(adder.config.base, 1);
    // @ts-expect-error 'bse' is not a parameter of Adder
    assert.throws(() => gaplic.createGObj('b', Adder, gaplic, { bse: 1 }), {
      code: 'GCONFIG_UNKNOWN_PARAMETER',
    });
    // @ts-expect-error base is an int: a boolean is not accepted
    assert.throws(() => gaplic.createGObj('c', Adder, gaplic, { base: true }));
    gaplic.createGObj('d', Adder, gaplic, { base: '2' }); // ini-style strings are coerced
    gaplic.createGObj('e', GObj, gaplic, { traceMach: 'yes' }); // GObj itself: any kw compiles
  });

  test('an action whose gobj parameter is another gclass does not compile at createGObj', () => {
    const { gaplic } = world();
    // @ts-expect-error Stray's action expects an Adder as its gobj
    const stray = gaplic.createGObj('s', Stray, gaplic);
    assert.ok(stray instanceof Stray);
  });
});

describe('closed holes - events', () => {
  test('broadcastEvent and subscribeEvent take output events only; injectEvent declared ones only', () => {
    const { gaplic } = world();
    const adder = gaplic.createGObj('a', Adder, gaplic);
    const sums: unknown[] = [];
    const listener = gaplic.createGObj('l', GObj, gaplic);
    adder.subscribeEvent('EV_SUM', listener);
    // @ts-expect-error EV_ADD is an input of Adder, not an output
    assert.throws(() => adder.subscribeEvent('EV_ADD', listener), { code: 'EVENT_NOT_OUTPUT' });
    // @ts-expect-error EV_ADD is not an output: it cannot be broadcast
    adder.broadcastEvent('EV_ADD', { a: 1, b: 2 });
    // @ts-expect-error EV_NOPE is not declared by Adder
    adder.injectEvent('EV_NOPE');
    adder.injectEvent('EV_RESET');
    sums.push(gaplic.sendEvent(adder, 'EV_ADD', { a: 1, b: 2 }));
    assert.deepEqual(sums, [3]);
  });

  test('event data typed per event: a wrong or missing kw key does not compile', () => {
    const { gaplic } = world();
    const adder = gaplic.createGObj('a', Adder, gaplic);
    gaplic.postEvent(adder, 'EV_ADD', { a: 1, b: 2 });
    // @ts-expect-error b is missing from EV_ADD's kw
    gaplic.postEvent(adder, 'EV_ADD', { a: 1 });
    // @ts-expect-error a must be a number
    gaplic.postEvent(adder, 'EV_ADD', { a: 'one', b: 2 });
    // @ts-expect-error EV_SUM's kw is { sum: number }
    adder.broadcastEvent('EV_SUM', { total: 3 });
    gaplic.postEvent(adder, 'EV_RESET', { any: 'thing' }); // untyped events take any kw
    gaplic.stop();
    drain(gaplic);
  });
});

describe('closed holes - config', () => {
  test('gobj.config is one plain object type with the common and own parameters', () => {
    type Config = Adder['config'];
    const base: Equal<Config['base'], number> = true;
    const label: Equal<Config['label'], string | null> = true;
    assert.equal(base && label, true);
    const flat: Equal<keyof Config, keyof Adder['config']> = true;
    assert.equal(flat, true);
  });

  test('an editor shows gobj.config as { name: type; ... }, not as an intersection', () => {
    const file = `${REPO_ROOT}/test/types/closed-holes.test.ts`;
    const program = ts.createProgram([file], {
      strict: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: ['node'],
      noEmit: true,
    });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(file)!;
    let shown = '';
    const visit = (node: ts.Node): void => {
      if (ts.isTypeAliasDeclaration(node) && node.name.text === 'ShownConfig') {
        shown = checker.typeToString(
          checker.getTypeAtLocation(node.name),
          undefined,
          ts.TypeFormatFlags.NoTruncation,
        );
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    assert.match(shown, /^\{ base: number; label: string \| null; traceTraverse: boolean;/);
    assert.doesNotMatch(shown, /&|GConfigValues|CommonConfig/);
  });
});

describe('closed holes - as const', () => {
  test('a descriptor not declared `as const` gives one readable error at checkFsm', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ginsfsm-asconst-'));
    const file = join(dir, 'not-const.ts');
    const entry = join(REPO_ROOT, 'src', 'index.js');
    writeFileSync(
      file,
      [
        `import { GObj, checkFsm, type GEvent } from ${JSON.stringify(entry)};`,
        'function acA(_g: X, _e: GEvent): void {}',
        "const fsm = { eventList: ['EV_A'], stateList: ['ST_A'], machine: { ST_A: [['EV_A', acA, null]] } };",
        'export class X extends GObj<typeof fsm> {',
        '  static override fsm = checkFsm(fsm);',
        '}',
      ].join('\n'),
    );
    try {
      const program = ts.createProgram([file], {
        strict: true,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2022,
        types: [],
        noEmit: true,
        skipLibCheck: true,
      });
      const errors = ts
        .getPreEmitDiagnostics(program)
        .filter((d) => d.file?.fileName === file)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      assert.equal(errors.length, 1, errors.join('\n---\n'));
      assert.match(errors[0]!, /the FSM descriptor must be declared `as const`/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Read by the test above through the compiler API. */
export type ShownConfig = Adder['config'];
