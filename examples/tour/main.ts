// The README's tour, verbatim (test/docs/samples.test.ts checks that it is, runs it and
// compares its output with the README's). Run: node build/examples/tour/main.js
import {
  GAplic,
  GObj,
  GTimer,
  checkFsm,
  type GConfigTemplate,
  type GEvent,
} from '../../src/index.js';

// A lamp that a periodic timer switches on and off; it publishes every change.
function acSwitch(lamp: Lamp, _event: GEvent): void {
  lamp.broadcastEvent('EV_SWITCHED', { on: lamp.getCurrentState() === 'ST_ON' });
}
function acStop(lamp: Lamp, _event: GEvent): string | null {
  lamp.sendEvent(lamp.timer!, 'EV_SET_TIMER', { seconds: -1 }); // cancel the timer
  return lamp.getCurrentState();
}

const lampFsm = {
  eventList: ['EV_TIMEOUT: top input', 'EV_STOP: top input', 'EV_SWITCHED: top output'],
  stateList: ['ST_OFF', 'ST_ON'],
  machine: {
    ST_OFF: [
      ['EV_TIMEOUT', acSwitch, 'ST_ON'], // the state changes before the action runs
      ['EV_STOP', acStop, null],
    ],
    ST_ON: [
      ['EV_TIMEOUT', acSwitch, 'ST_OFF'],
      ['EV_STOP', acStop, 'ST_OFF'],
    ],
  },
} as const;

const lampConfig = {
  period: { type: 'float', default: 1, description: 'Seconds between switches' },
} as const satisfies GConfigTemplate;

class Lamp extends GObj<typeof lampFsm, typeof lampConfig> {
  static override fsm = checkFsm(lampFsm);
  static override gconfig = lampConfig;
  timer: GTimer | null = null;

  override startUp(): void {
    this.timer = this.createGObj('timer', GTimer, this); // timeouts go to its parent
    this.sendEvent(this.timer, 'EV_SET_TIMER', { seconds: this.config.period, autostart: true });
  }
}

// A panel that owns a lamp, shows its changes and stops everything after three.
function acSwitched(panel: Panel, event: GEvent): void {
  panel.changes += 1;
  console.log(`${event.source[0]!.name} is ${event.kw.on ? 'on' : 'off'} (${panel.changes})`);
  if (panel.changes === 3) panel.postEvent(panel, 'EV_DONE'); // queued: runs after this action
}
function acDone(panel: Panel, _event: GEvent): void {
  const state = panel.sendEvent(panel.lamp!, 'EV_STOP'); // nested call: returns acStop's result
  console.log(`lamp stopped in ${String(state)}`);
  panel.gaplic!.stop();
}

const panelFsm = {
  eventList: ['EV_SWITCHED', 'EV_DONE'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_SWITCHED', acSwitched, null],
      ['EV_DONE', acDone, null],
    ],
  },
} as const;

class Panel extends GObj<typeof panelFsm> {
  static override fsm = checkFsm(panelFsm);
  lamp: Lamp | null = null;
  changes = 0;

  override startUp(): void {
    this.lamp = this.createGObj('lamp', Lamp, this, { period: 0.1 });
    this.lamp.subscribeEvent('EV_SWITCHED', this); // broadcasts reach the panel by send
  }
}

const gaplic = new GAplic({ name: 'tour' });
gaplic.createGObj('panel', Panel, gaplic);
await gaplic.start(); // runs on Node's event loop until stop()
console.log('bye');
