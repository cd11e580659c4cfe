// The "typical messages" of docs/errors.md are real: each scenario below throws one, and
// the section of its code must show that exact message.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import {
  Callback,
  Deferred,
  ERROR_CODES,
  GAplic,
  GConfig,
  GObj,
  GTimer,
  GinsfsmError,
  SMachine,
  asBool,
  checkFsm,
  createGObj,
  destroyGObj,
  postEventFromOutside,
  setGlobalMainGAplic,
  silentLogger,
  type ErrorCode,
  type FsmDescriptor,
  type GConfigTemplate,
} from '../../src/index.js';
import { resetGlobals } from '../../src/testing/index.js';
import { attachChild } from '../../src/gobj/traversal.js';
import { REPO_ROOT } from '../repo-root.js';

const doc = readFileSync(join(REPO_ROOT, 'docs', 'errors.md'), 'utf8');

function section(code: string): string {
  const start = doc.indexOf(`### \`${code}\``);
  assert.ok(start >= 0, `no section for ${code}`);
  const next = doc.slice(start + 4).search(/^#{2,3} /m);
  return next < 0 ? doc.slice(start) : doc.slice(start, start + 4 + next);
}

const workerFsm = {
  eventList: ['EV_START', 'EV_DONE: output'],
  stateList: ['ST_IDLE', 'ST_BUSY'],
  machine: { ST_IDLE: [['EV_START', null, 'ST_BUSY']], ST_BUSY: [] },
} as const;

function positive(value: number): number {
  if (!(value > 0)) throw new Error('must be > 0');
  return value;
}

const workerConfig = {
  seconds: { type: 'float', default: 1, validate: positive, description: '' },
} as const satisfies GConfigTemplate;

class Worker extends GObj<typeof workerFsm, typeof workerConfig> {
  static override fsm = checkFsm(workerFsm);
  static override gconfig = workerConfig;
}

function world() {
  const gaplic = new GAplic({ name: 'app', logger: silentLogger });
  const w1 = gaplic.createGObj('w1', Worker, gaplic);
  return { gaplic, w1 };
}

function machine(fsm: unknown): () => unknown {
  return () => new SMachine(fsm as FsmDescriptor);
}

const template = (entry: unknown) => () => new GConfig({ port: entry } as never);

/** One scenario per documented message: the code it must throw, and how. */
const SCENARIOS: [ErrorCode, () => unknown][] = [
  ['MACHINE_NOT_AN_OBJECT', machine([1, 2, 3])],
  ['MACHINE_BAD_SHAPE', machine({ eventList: 'EV_A', stateList: [], machine: {} })],
  ['MACHINE_BAD_SHAPE', machine({ eventList: [], stateList: [''], machine: {} })],
  [
    'MACHINE_BAD_SHAPE',
    machine({ eventList: [], stateList: ['ST_IDLE'], machine: { ST_IDLE: 3 } }),
  ],
  ['MACHINE_BAD_SHAPE', machine({ eventList: [': output'], stateList: [], machine: {} })],
  [
    'MACHINE_BAD_ROW',
    machine({ eventList: ['EV_A'], stateList: ['ST_A'], machine: { ST_A: [['EV_A', null]] } }),
  ],
  [
    'MACHINE_UNDECLARED_STATE',
    machine({
      eventList: ['EV_A'],
      stateList: ['ST_A'],
      machine: { ST_A: [['EV_A', null, null]], ST_B: [] },
    }),
  ],
  [
    'MACHINE_UNDESCRIBED_STATE',
    machine({
      eventList: ['EV_A'],
      stateList: ['ST_A', 'ST_B'],
      machine: { ST_A: [['EV_A', null, null]] },
    }),
  ],
  [
    'MACHINE_DUPLICATED_STATE',
    machine({
      eventList: ['EV_A'],
      stateList: ['ST_A', 'ST_A'],
      machine: { ST_A: [['EV_A', null, null]] },
    }),
  ],
  [
    'MACHINE_UNDECLARED_EVENT',
    machine({
      eventList: ['EV_A'],
      stateList: ['ST_A'],
      machine: {
        ST_A: [
          ['EV_A', null, null],
          ['EV_B', null, null],
        ],
      },
    }),
  ],
  [
    'MACHINE_UNUSED_EVENT',
    machine({
      eventList: ['EV_A', 'EV_B'],
      stateList: ['ST_A'],
      machine: { ST_A: [['EV_A', null, null]] },
    }),
  ],
  [
    'MACHINE_DUPLICATED_EVENT',
    machine({
      eventList: ['EV_A', 'EV_A: output'],
      stateList: ['ST_A'],
      machine: { ST_A: [['EV_A', null, null]] },
    }),
  ],
  [
    'MACHINE_DUPLICATED_TRANSITION',
    machine({
      eventList: ['EV_A'],
      stateList: ['ST_A'],
      machine: {
        ST_A: [
          ['EV_A', null, null],
          ['EV_A', null, null],
        ],
      },
    }),
  ],
  [
    'MACHINE_UNKNOWN_NEXT_STATE',
    machine({
      eventList: ['EV_A'],
      stateList: ['ST_A'],
      machine: { ST_A: [['EV_A', null, 'ST_X']] },
    }),
  ],
  [
    'MACHINE_ACTION_NOT_CALLABLE',
    machine({
      eventList: ['EV_A'],
      stateList: ['ST_A'],
      machine: { ST_A: [['EV_A', 'acA', null]] },
    }),
  ],
  ['EVENT_BAD_TYPE', () => new SMachine(workerFsm).injectEvent(42 as never)],
  ['EVENT_BAD_TYPE', () => world().w1.sendEvent(world().w1, 42 as never)],
  ['EVENT_BAD_TYPE', () => world().w1.subscribeEvent([42 as never], null)],
  ['EVENT_NOT_OUTPUT', () => world().w1.subscribeEvent('EV_START' as never, null)],
  ['STATE_BAD_TYPE', () => world().w1.setNewState(1 as never)],
  ['STATE_UNKNOWN', () => world().w1.setNewState('ST_Z' as never)],
  ['GOBJ_BAD_GCLASS', () => createGObj('x', {} as never, null)],
  ['GOBJ_BAD_NAME', () => createGObj(42 as never, GObj, null)],
  [
    'GOBJ_BAD_PARENT',
    () => {
      const { gaplic } = world();
      const dead = gaplic.createGObj('dead', GObj, gaplic);
      destroyGObj(dead);
      return createGObj('x', GObj, dead);
    },
  ],
  ['GOBJ_BAD_PARENT', () => new GAplic({ name: 'other' }).createGObj('x', GObj, world().w1)],
  [
    'GOBJ_ALREADY_HAS_PARENT',
    () => {
      const { gaplic, w1 } = world();
      const c = new GObj();
      c.name = 'c';
      attachChild(w1, c);
      attachChild(gaplic, c);
    },
  ],
  [
    'GOBJ_UNIQUE_NAME_TAKEN',
    () => {
      const { gaplic } = world();
      gaplic.createGObj('db', GObj, gaplic, { uniqueName: true });
      gaplic.createGObj('db', GObj, gaplic, { uniqueName: true });
    },
  ],
  [
    'GOBJ_UNIQUE_NAME_EMPTY',
    () => world().gaplic.createGObj(null, Worker, null, { uniqueName: true }),
  ],
  ['GOBJ_UNKNOWN_UNIQUE_NAME', () => world().w1.sendEvent('nobody', 'EV_START')],
  [
    'GOBJ_UNKNOWN_UNIQUE_NAME',
    () => {
      setGlobalMainGAplic(world().gaplic);
      postEventFromOutside('app', 'x', 'EV_A');
    },
  ],
  ['GOBJ_BAD_DESTINATION', () => world().w1.sendEvent(42 as unknown as GObj, 'EV_START')],
  ['GOBJ_BAD_DESTINATION', () => destroyGObj('x' as never)],
  ['GOBJ_BAD_SUBSCRIBER', () => world().w1.subscribeEvent('EV_DONE', 42 as never)],
  [
    'GOBJ_BAD_SUBSCRIPTION_OPTION',
    () => world().w1.subscribeEvent('EV_DONE', null, { usePost: true } as never),
  ],
  [
    'GOBJ_BAD_SUBSCRIPTION_OPTION',
    () => world().w1.subscribeEvent('EV_DONE', null, { usePostEvent: 'yes' } as never),
  ],
  ['GOBJ_BAD_KW', () => createGObj('x', GObj, null, 'a=1' as never)],
  [
    'GOBJ_DESTROYED',
    () => {
      const { gaplic, w1 } = world();
      const gone = gaplic.createGObj('gone', Worker, gaplic);
      destroyGObj(gone);
      w1.subscribeEvent('EV_DONE', gone);
    },
  ],
  [
    'GOBJ_NO_GAPLIC',
    () => {
      const lone = new GObj();
      lone.name = 'lone';
      lone.postEvent(lone, 'EV_START');
    },
  ],
  ['GOBJ_NO_GAPLIC', () => createGObj('u', GObj, null, { uniqueName: true })],
  [
    'GOBJ_NO_GAPLIC',
    () => {
      const timer = createGObj('timer', GTimer, new GObj()); // a tree outside any gaplic
      timer.sendEvent(timer, 'EV_SET_TIMER', { seconds: 1 });
    },
  ],
  ['GCONFIG_TEMPLATE_NOT_AN_OBJECT', () => new GConfig('' as never)],
  [
    'GCONFIG_TEMPLATE_BAD_NAME',
    () => new GConfig({ '': { type: 'str', default: null, description: '' } }),
  ],
  ['GCONFIG_TEMPLATE_BAD_ENTRY', template({ type: 'int', default: 1 })],
  ['GCONFIG_TEMPLATE_BAD_ENTRY', template({ type: 'int', default: 1, description: '', dflt: 2 })],
  ['GCONFIG_TEMPLATE_BAD_TYPE', template({ type: 'integer', default: 1, description: '' })],
  ['GCONFIG_TEMPLATE_BAD_FLAG', template({ type: 'int', default: 1, description: '', flag: '1' })],
  [
    'GCONFIG_TEMPLATE_BAD_VALIDATOR',
    template({ type: 'int', default: 1, description: '', validate: 'x' }),
  ],
  ['GCONFIG_TEMPLATE_BAD_DESCRIPTION', template({ type: 'int', default: 1, description: 3 })],
  [
    'GCONFIG_INVALID_VALUE',
    () => world().gaplic.createGObj('w1', Worker, null, { seconds: 'soon' }),
  ],
  [
    'GCONFIG_INVALID_VALUE',
    () => world().gaplic.createGObj('w1', Worker, null, { traceMach: 'maybe' }),
  ],
  ['GCONFIG_INVALID_VALUE', () => world().gaplic.createGObj('w1', Worker, null, { seconds: '0' })],
  ['GCONFIG_INVALID_VALUE', () => asBool('maybe')],
  [
    'GCONFIG_INVALID_VALUE',
    () => {
      const { gaplic, w1 } = world();
      gaplic.createGObj('timer', GTimer, w1, { subscriber: 'app:nobody' });
    },
  ],
  [
    'GCONFIG_UNKNOWN_PARAMETER',
    () => world().gaplic.createGObj('w1', Worker, null, { prot: 1 } as never),
  ],
  ['GAPLIC_BAD_OPTION', () => new GAplic({ queueBatchSize: 0 })],
  ['GAPLIC_BAD_OPTION', () => new GAplic({ roles: [''] })],
  ['GAPLIC_BAD_OPTION', () => new GAplic({ settings: { '.x': 1 } })],
  ['GAPLIC_UNKNOWN_OPTION', () => new GAplic({ nmae: 'x' } as never)],
  ['GAPLIC_BAD_TIMEOUT', () => world().gaplic.addTimeout(-1, () => {})],
  ['GAPLIC_BAD_TIMEOUT', () => world().gaplic.addTimeout(0, () => {}, true)],
  ['GAPLIC_BAD_TIMEOUT', () => new Callback(() => {}, 0, world().gaplic)],
  ['GAPLIC_BAD_CALLBACK', () => world().gaplic.addCallback('f' as never)],
  ['GAPLIC_BAD_CALLBACK', () => new Deferred('r', 'f' as never)],
  ['GAPLIC_BAD_CALLBACK', () => new Callback('f' as never, 1, world().gaplic)],
  [
    'GAPLIC_REENTRANT_RUN',
    () => {
      let reported: unknown;
      const gaplic = new GAplic({ name: 'app', onError: (error) => (reported = error) });
      gaplic.addCallback(() => gaplic.runOnce());
      gaplic.runOnce();
      throw reported;
    },
  ],
  [
    'GAPLIC_QUEUE_FULL',
    () => {
      const gaplic = new GAplic({ name: 'app', maxQueueLength: 2 });
      for (let i = 0; i < 3; i++) gaplic.postEvent(gaplic, 'EV_DATA');
    },
  ],
  ['GAPLIC_UNKNOWN_GAPLIC', () => postEventFromOutside('nope', 'x', 'EV_A')],
];

function thrown(scenario: () => unknown): unknown {
  try {
    scenario();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('docs/errors.md messages', () => {
  afterEach(() => resetGlobals());

  for (const [index, [code, scenario]] of SCENARIOS.entries()) {
    test(`errors messages - ${code} #${index} is shown as thrown`, () => {
      const error = thrown(scenario);
      assert.ok(
        error instanceof GinsfsmError,
        `${code}: expected a GinsfsmError, got ${String(error)}`,
      );
      assert.equal(error.code, code);
      assert.equal(error.name, ERROR_CODES[code][0]);
      assert.ok(
        section(code).includes(`\`${error.message}\``),
        `docs/errors.md, ${code}: show the message \`${error.message}\``,
      );
    });
  }

  test('errors messages - every code but the reserved ones has a scenario', () => {
    const covered = new Set(SCENARIOS.map(([code]) => code));
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      if (covered.has(code)) continue;
      assert.match(section(code), /^Reserved: the current code does not throw it\./m, code);
    }
  });
});
