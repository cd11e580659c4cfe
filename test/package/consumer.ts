// The scratch project of pack.test.ts: what a user of the published package writes. Kept
// as text because it imports 'ginsfsm' by name, which only resolves once the tarball is
// installed.

export const PACKAGE_JSON = { name: 'consumer', private: true, type: 'module' };

/**
 * What the test adds to the README's compiler options: stricter (no DOM, no @types/node,
 * the package's .d.ts checked too) and this project's layout.
 */
const STRICTER = {
  lib: ['es2023'],
  skipLibCheck: false,
  types: [],
  rootDir: 'src',
};

export const TSCONFIGS = {
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext' },
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
} as const;

/** A tsconfig of the scratch project: the README's options, then `kind`'s resolution. */
export function tsconfig(kind: keyof typeof TSCONFIGS, readme: object): object {
  return {
    compilerOptions: { ...readme, ...TSCONFIGS[kind], ...STRICTER, outDir: `out-${kind}` },
    include: ['src'],
  };
}

/** src/main.ts: both entry points, a typed gclass with a gconfig, a GTimer, a TestClock. */
export const MAIN_TS = `import { GAplic, GObj, GTimer, checkFsm, type GConfigTemplate, type GEvent } from 'ginsfsm';
import { TestClock, advanceAndDrain, drain, resetGlobals } from 'ginsfsm/testing';

// No DOM and no @types/node (lib es2023, types []): what the package needs, and no more.
declare const console: { log(...values: unknown[]): void };

function acAdd(counter: Counter, event: GEvent): number {
  counter.total += Number(event.kw.n);
  return counter.total;
}
function acTick(counter: Counter, _event: GEvent): void {
  counter.ticks += 1;
}
function acClose(counter: Counter, _event: GEvent): void {
  counter.sendEvent(counter.timer!, 'EV_SET_TIMER', { seconds: -1 });
}

const fsm = {
  eventList: ['EV_ADD: top input', 'EV_CLOSE: top input', 'EV_TIMEOUT'],
  stateList: ['ST_OPEN', 'ST_CLOSED'],
  machine: {
    ST_OPEN: [
      ['EV_ADD', acAdd, null],
      ['EV_TIMEOUT', acTick, null],
      ['EV_CLOSE', acClose, 'ST_CLOSED'],
    ],
    ST_CLOSED: [],
  },
} as const;

const gconfig = {
  period: { type: 'float', default: 1, description: 'Seconds between ticks' },
} as const satisfies GConfigTemplate;

class Counter extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
  timer: GTimer | null = null;
  total = 0;
  ticks = 0;

  override startUp(): void {
    this.timer = this.createGObj('timer', GTimer, this);
    this.sendEvent(this.timer, 'EV_SET_TIMER', { seconds: this.config.period, autostart: true });
  }
}

// Never called: each line must fail to compile, or tsc fails on the unused directive.
export function typos(counter: Counter, gaplic: GAplic): void {
  // @ts-expect-error 'EV_ADDD' is not an event of Counter
  gaplic.sendEvent(counter, 'EV_ADDD');
  // @ts-expect-error 'ST_SHUT' is not a state of Counter
  counter.setNewState('ST_SHUT');
  // @ts-expect-error period is a number
  const period: string = counter.config.period;
  console.log(period);
}

const clock = new TestClock();
const gaplic = new GAplic({ name: 'consumer', clock });
const counter = gaplic.createGObj('counter', Counter, gaplic, { period: '0.5' });
gaplic.postEvent(counter, 'EV_ADD', { n: 2 });
gaplic.postEvent(counter, 'EV_ADD', { n: 3 });
drain(gaplic);
const sum = gaplic.sendEvent(counter, 'EV_ADD', { n: 10 });
advanceAndDrain(gaplic, clock, 1.5);
gaplic.sendEvent(counter, 'EV_CLOSE');
advanceAndDrain(gaplic, clock, 10);
console.log(
  JSON.stringify({
    period: counter.config.period,
    sum,
    ticks: counter.ticks,
    state: counter.getCurrentState(),
    armed: counter.timer!.armed,
  }),
);
resetGlobals();
`;

/** What MAIN_TS prints: 3 ticks in 1.5 s at 0.5 s, none after EV_CLOSE cancelled the timer. */
export const MAIN_OUTPUT = '{"period":0.5,"sum":15,"ticks":3,"state":"ST_CLOSED","armed":false}\n';

/** src/fail.ts: an error thrown inside ginsfsm, for the source-map check. */
export const FAIL_TS = `import { SMachine } from 'ginsfsm';

new SMachine({ eventList: 5 } as never);
`;
