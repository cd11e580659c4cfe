// The "typical messages" and "typical log lines" of docs/errors.md are real: each error
// scenario below throws one, each fault scenario logs one, and the section of its code
// must show that exact message or line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import {
  Callback,
  Deferred,
  ERROR_CODES,
  EventNotAccepted,
  FAULT_CODES,
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
  filterEventAttrs,
  parseEventDeclaration,
  postEventFromOutside,
  setGlobalMainGAplic,
  setGlobalTraceMach,
  silentLogger,
  type ErrorCode,
  type Fault,
  type FaultCode,
  type FsmDescriptor,
  type GAplicOptions,
  type GConfigTemplate,
} from '../../src/index.js';
import {
  CaptureLogger,
  TestClock,
  advanceAndDrain,
  drain,
  resetGlobals,
} from '../../src/testing/index.js';
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

/** An action that runs the loop from inside the loop. */
function acRunOnce(gobj: GObj): void {
  (gobj.gaplic as GAplic).runOnce();
}

const runnerFsm = {
  eventList: ['EV_RUN'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_RUN', acRunOnce, null]] },
} as const;

class Runner extends GObj<typeof runnerFsm> {
  static override fsm = runnerFsm;
}

/** A gaplic whose one callback queues itself again: it never runs out of work. */
function neverIdle(): GAplic {
  const gaplic = new GAplic({ name: 'app', logger: silentLogger });
  const again = (): void => gaplic.addCallback(again);
  gaplic.addCallback(again);
  return gaplic;
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
  ['MACHINE_BAD_ARGUMENT', () => setGlobalTraceMach('on' as never)],
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
  ['EVENT_BAD_DECLARATION', () => parseEventDeclaration(5 as never)],
  ['EVENT_BAD_DECLARATION', () => filterEventAttrs('EV_A' as never)],
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
  ['GOBJ_BAD_ARGUMENT', () => world().w1.setOwnedEventFilter(42 as never)],
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
  ['GCONFIG_BAD_ARGUMENT', () => world().w1.readParameter(5 as never)],
  ['GCONFIG_BAD_KW', () => world().w1.writeParameters(null as never)],
  ['GAPLIC_BAD_OPTION', () => new GAplic({ queueBatchSize: 0 })],
  ['GAPLIC_BAD_OPTION', () => new GAplic({ roles: [''] })],
  ['GAPLIC_BAD_OPTION', () => new GAplic({ settings: { '.x': 1 } })],
  ['GAPLIC_UNKNOWN_OPTION', () => new GAplic({ nmae: 'x' } as never)],
  ['GAPLIC_BAD_TIMEOUT', () => world().gaplic.addTimeout(-1, () => {})],
  ['GAPLIC_BAD_TIMEOUT', () => world().gaplic.addTimeout(0, () => {}, true)],
  ['GAPLIC_BAD_TIMEOUT', () => new Callback(() => {}, 0, world().gaplic)],
  ['GAPLIC_BAD_TIMEOUT', () => new TestClock().advance(-1)],
  ['GAPLIC_BAD_CALLBACK', () => world().gaplic.addCallback('f' as never)],
  ['GAPLIC_BAD_CALLBACK', () => new Deferred('r', 'f' as never)],
  ['GAPLIC_BAD_CALLBACK', () => new Callback('f' as never, 1, world().gaplic)],
  ['GAPLIC_BAD_ARGUMENT', () => drain({} as never)],
  [
    'GAPLIC_REENTRANT_RUN',
    () => {
      const { gaplic } = world();
      const runner = gaplic.createGObj('runner', Runner, gaplic);
      gaplic.sendEvent(runner, 'EV_RUN');
    },
  ],
  [
    'GAPLIC_REENTRANT_RUN',
    () => {
      const clock = new TestClock();
      clock.setTimer(() => clock.advance(1), 0.5);
      clock.advance(1);
    },
  ],
  ['GAPLIC_NEVER_IDLE', () => drain(neverIdle(), 5)],
  [
    'GAPLIC_QUEUE_FULL',
    () => {
      const gaplic = new GAplic({ name: 'app', logger: silentLogger, maxQueueLength: 2 });
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

// ---- faults -----------------------------------------------------------------------------

// docs/errors.md, "Faults": the example of onFault and faultCounts (shown verbatim there).
const logger = new CaptureLogger();
const seen: Fault[] = [];
const app = new GAplic({ name: 'app', logger, onFault: (fault) => seen.push(fault) });
const w1 = app.createGObj('w1', Worker, app);

assert.equal(app.sendEvent(w1, 'EV_DONE'), EventNotAccepted);
assert.deepEqual(logger.lines, [
  {
    level: 'warn',
    message: "Worker:w1: event 'EV_DONE' not accepted in state 'ST_IDLE' [EVENT_NOT_ACCEPTED]",
  },
]);
assert.deepEqual(seen, [
  {
    code: 'EVENT_NOT_ACCEPTED',
    level: 'warn',
    message: "Worker:w1: event 'EV_DONE' not accepted in state 'ST_IDLE'",
    gobj: 'Worker:w1',
    event: 'EV_DONE',
  },
]);
assert.deepEqual(app.faultCounts(), { EVENT_NOT_ACCEPTED: 1 });

function acSave(): never {
  throw new Error('disk full');
}

const saverFsm = {
  eventList: ['EV_DONE'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_DONE', acSave, null]] },
} as const;

const saverConfig = {
  format: {
    type: 'any',
    default: (record: unknown): string => JSON.stringify(record),
    description: 'How a record is written',
  },
} as const satisfies GConfigTemplate;

/** A subscriber that fails: its action throws, and so does its goOut(). */
class Saver extends GObj<typeof saverFsm, typeof saverConfig> {
  static override fsm = saverFsm;
  static override gconfig = saverConfig;
  override goOut(): void {
    throw new Error('file already closed');
  }
}

/** A gaplic 'app' on a TestClock with a Worker 'w1', capturing log lines and faults. */
interface Bench {
  readonly gaplic: GAplic;
  readonly clock: TestClock;
  readonly logger: CaptureLogger;
  readonly faults: Fault[];
  readonly w1: Worker;
}

function bench(options: GAplicOptions = {}): Bench {
  const clock = new TestClock();
  const logger = new CaptureLogger();
  const faults: Fault[] = [];
  const gaplic = new GAplic({
    name: 'app',
    clock,
    logger,
    onFault: (fault) => faults.push(fault),
    ...options,
  });
  return { gaplic, clock, logger, faults, w1: gaplic.createGObj('w1', Worker, gaplic) };
}

function saver(b: Bench): Saver {
  return b.gaplic.createGObj('saver', Saver, b.gaplic);
}

function timer(b: Bench): GTimer {
  return b.gaplic.createGObj('timer', GTimer, b.w1);
}

const boom = (): never => {
  throw new Error('disk full');
};

/** One scenario per documented log line: the fault it must report, and how. */
const FAULT_SCENARIOS: [FaultCode, (b: Bench) => void, GAplicOptions?][] = [
  [
    'EVENT_NOT_ACCEPTED',
    (b) => {
      b.gaplic.sendEvent(b.w1, 'EV_START'); // ST_IDLE -> ST_BUSY
      assert.equal(b.gaplic.sendEvent(b.w1, 'EV_START'), EventNotAccepted);
    },
  ],
  [
    'EVENT_UNKNOWN',
    (b) => assert.equal(b.gaplic.sendEvent(b.w1, 'EV_STRAT' as never), EventNotAccepted),
  ],
  [
    'EVENT_TO_DESTROYED',
    (b) => {
      destroyGObj(b.w1);
      assert.equal(b.gaplic.sendEvent(b.w1, 'EV_START'), EventNotAccepted);
    },
  ],
  [
    'EVENT_TO_DESTROYED',
    (b) => {
      b.gaplic.postEvent(b.w1, 'EV_START');
      destroyGObj(b.w1);
      drain(b.gaplic);
    },
  ],
  [
    'EVENT_NO_UNIQUE_NAME',
    (b) => {
      b.w1.postEvent('nobody', 'EV_START');
      drain(b.gaplic);
    },
  ],
  ['BROADCAST_NOT_OUTPUT', (b) => b.w1.broadcastEvent('EV_START' as never)],
  [
    'DELIVERY_FAILED',
    (b) => {
      const received: string[] = [];
      b.w1.subscribeEvent('EV_DONE', saver(b));
      b.w1.subscribeEvent('EV_DONE', new Deferred('log', () => received.push('EV_DONE')));
      b.w1.broadcastEvent('EV_DONE');
      assert.deepEqual(received, ['EV_DONE']); // the others got it
    },
  ],
  [
    'SUBSCRIBER_UNKNOWN_NAME',
    (b) => {
      b.w1.subscribeEvent('EV_DONE', 'audit');
      b.w1.broadcastEvent('EV_DONE');
      b.w1.broadcastEvent('EV_DONE'); // reported once
    },
  ],
  [
    'SUBSCRIPTION_REPLACED',
    (b) => {
      b.w1.subscribeEvent('EV_DONE', b.gaplic);
      b.w1.subscribeEvent('EV_DONE', b.gaplic, { usePostEvent: true });
      assert.equal(b.w1.getSubscriptions().length, 1);
    },
  ],
  [
    'SUBSCRIPTION_NOT_FOUND',
    (b) => assert.equal(b.w1.deleteSubscription('EV_DONE', b.gaplic), false),
  ],
  [
    'SUBSCRIPTION_HARD',
    (b) => {
      const s = b.w1.subscribeEvent('EV_DONE', b.gaplic, { hardSubscription: true });
      assert.equal(b.w1.deleteSubscriptionByObject(s), false);
    },
  ],
  [
    'PARAMETER_INVALID',
    (b) => {
      assert.equal(b.w1.writeParameter('seconds', 'soon'), false);
      assert.equal(b.w1.config.seconds, 1); // the old value is kept
    },
  ],
  ['PARAMETER_UNKNOWN', (b) => assert.equal(b.w1.readParameter('prot'), undefined)],
  ['PARAMETER_UNKNOWN', (b) => assert.equal(b.w1.writeParameter('prot', 1), false)],
  [
    'PARAMETER_KEEPS_FUNCTION',
    (b) => assert.equal(saver(b).writeParameter('format', 'json'), false),
  ],
  [
    'SETTING_UNMATCHED',
    (b) => {
      void b.gaplic.start();
      b.gaplic.stop();
    },
    { settings: { 'Wroker.seconds': 2 } },
  ],
  [
    'DESTROYED_TWICE',
    (b) => {
      destroyGObj(b.w1);
      destroyGObj(b.w1);
    },
  ],
  [
    'GO_OUT_FAILED',
    (b) => {
      const s = saver(b);
      destroyGObj(s);
      assert.ok(s.destroyed);
    },
  ],
  [
    'ACTION_FAILED',
    (b) => {
      b.w1.postEvent(saver(b), 'EV_DONE');
      drain(b.gaplic);
    },
  ],
  [
    'CALLBACK_FAILED',
    (b) => {
      b.gaplic.addCallback(boom);
      drain(b.gaplic);
    },
  ],
  [
    'TIMER_FAILED',
    (b) => {
      b.gaplic.addTimeout(1, boom);
      advanceAndDrain(b.gaplic, b.clock, 1);
    },
  ],
  [
    'HOOK_FAILED',
    (b) => {
      b.gaplic.mtSubprocess = boom;
      b.gaplic.runOnce();
    },
  ],
  [
    'REPORTER_FAILED',
    (b) => {
      b.gaplic.addCallback(boom);
      drain(b.gaplic);
    },
    {
      onError: () => {
        throw new Error('pager unreachable');
      },
    },
  ],
  [
    'GAPLIC_NEVER_STARTED',
    (b) => {
      b.w1.postEvent(b.w1, 'EV_START');
      b.clock.flush(); // the end of the turn
    },
  ],
  [
    'GAPLIC_STOPPED_WITH_QUEUE',
    (b) => {
      void b.gaplic.start();
      b.w1.postEvent(b.w1, 'EV_START');
      b.gaplic.stop();
      assert.equal(b.gaplic.queueLength, 1); // kept
    },
  ],
  [
    'GTIMER_BAD_SECONDS',
    (b) => {
      const t = timer(b);
      b.gaplic.sendEvent(t, 'EV_SET_TIMER', { seconds: 'soon' });
      assert.equal(t.armed, false);
    },
  ],
  [
    'GTIMER_UNKNOWN_KEYS',
    (b) => {
      const t = timer(b);
      b.gaplic.sendEvent(t, 'EV_SET_TIMER', { seconds: 1, periodic: true });
      assert.equal(t.armed, true);
    },
  ],
  ['DEFERRED_NOT_FOUND', (b) => assert.equal(b.gaplic.deferredList.call('login'), undefined)],
];

/** A log line as the doc shows it: without the stack of the error it carries, if any. */
function withoutStack(line: string): string {
  return line.replace(/\n\s+at [\s\S]*(?= \[[A-Z0-9_]+\]$)/, '');
}

describe('docs/errors.md log lines', () => {
  for (const [index, [code, scenario, options]] of FAULT_SCENARIOS.entries()) {
    test(`errors messages - fault ${code} #${index} is shown as logged`, () => {
      const b = bench(options);
      scenario(b);
      const fault = b.faults.find((f) => f.code === code);
      assert.ok(
        fault !== undefined,
        `${code}: not reported (got ${b.faults.map((f) => f.code).join(', ')})`,
      );
      const level = FAULT_CODES[code][0];
      assert.equal(fault.level, level);
      assert.ok((b.gaplic.faultCounts()[code] ?? 0) >= 1, `${code}: not counted`);
      const line = b.logger.messages(level).find((m) => m.endsWith(` [${code}]`));
      assert.ok(line !== undefined, `${code}: no '${level}' line ending with [${code}]`);
      if (fault.error === undefined) assert.equal(line, `${fault.message} [${code}]`);
      const shown = withoutStack(line);
      assert.ok(
        section(code).includes(`\`${shown}\``),
        `docs/errors.md, ${code}: show the log line \`${shown}\``,
      );
    });
  }

  test('errors messages - every fault code has a scenario', () => {
    const covered = new Set(FAULT_SCENARIOS.map(([code]) => code));
    const missing = (Object.keys(FAULT_CODES) as FaultCode[]).filter((c) => !covered.has(c));
    assert.deepEqual(missing, []);
  });

  test('errors messages - with onError, an uncaught error is not logged but still reaches onFault', () => {
    const errors: unknown[] = [];
    const b = bench({ onError: (error) => errors.push(error) });
    b.gaplic.addCallback(boom);
    drain(b.gaplic);
    assert.equal(errors.length, 1);
    assert.deepEqual(b.logger.lines, []);
    assert.deepEqual(
      b.faults.map((f) => [f.code, f.error]),
      [['CALLBACK_FAILED', errors[0]]],
    );
    assert.deepEqual(b.gaplic.faultCounts(), { CALLBACK_FAILED: 1 });
  });

  test('errors messages - a throwing onFault is logged as REPORTER_FAILED, and the gaplic goes on', () => {
    const b = bench({
      onFault: () => {
        throw new Error('console gone');
      },
    });
    assert.equal(b.gaplic.sendEvent(b.w1, 'EV_DONE'), EventNotAccepted);
    const lines = b.logger.lines.map((l) => `${l.level} ${withoutStack(l.message)}`);
    assert.deepEqual(lines, [
      "warn Worker:w1: event 'EV_DONE' not accepted in state 'ST_IDLE' [EVENT_NOT_ACCEPTED]",
      'error GAplic:app: onFault threw: Error: console gone [REPORTER_FAILED]',
    ]);
  });
});
