// The router's inspection (EV_SHOW_GOBJS, EV_SHOW_GOBJ) as data, and what it refuses to
// other gaplics: in this thread, with the reports asked locally and the refusal checked on
// the messages a peer would send (the wire path is covered by test/cli/gconsole.test.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GAplic, GObj, routerOf, silentLogger, type EventMessage } from '../../src/index.js';
import { remoteRefusal } from '../../src/router/inspect.js';

const fsm = {
  eventList: ['EV_GO: top input', 'EV_DONE: top output'],
  stateList: ['ST_IDLE', 'ST_BUSY'],
  machine: { ST_IDLE: [['EV_GO', null, 'ST_BUSY']], ST_BUSY: [] },
} as const;

const gconfig = {
  size: { type: 'int', default: 3, description: 'a plain value' },
  authToken: { type: 'str', default: 'hush', description: 'a secret' },
  emptyKey: { type: 'str', default: '', description: 'an empty secret is shown empty' },
  when: { type: 'any', default: null as unknown, description: 'a value that cannot cross' },
} as const;

class Worker extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = fsm;
  static override gconfig = gconfig;
}

function world(inspect: boolean) {
  const gaplic = new GAplic({
    name: 'Inspected',
    roles: ['inspected'],
    logger: silentLogger,
    settings: { 'router.inspect': inspect },
  });
  const boss = gaplic.createGObj('boss', Worker, gaplic, { uniqueName: true });
  gaplic.createGObj('helper', Worker, boss, { uniqueName: true, when: new Date(0) });
  gaplic.createGObj(null, Worker, boss);
  gaplic.sendEvent(boss, 'EV_GO');
  return { gaplic, router: routerOf(gaplic), boss };
}

function message(event_name: string, kw: Record<string, unknown> = {}): EventMessage {
  return {
    message_type: '__event__',
    serial: 1,
    event_name,
    destination_gaplic: 'Inspected',
    destination_role: '',
    destination_gobj: 'router',
    origin_gaplic: 'Peer',
    origin_role: '',
    origin_gobj: 'console',
    kw,
  };
}

describe('router inspection', () => {
  test('inspection - EV_SHOW_GOBJS lists the unique gobjs by name', () => {
    const { gaplic, router } = world(false);
    assert.deepEqual(gaplic.sendEvent(router, 'EV_SHOW_GOBJS'), {
      gaplic: 'Inspected',
      roles: ['inspected'],
      gobjs: [
        { name: 'boss', gclass: 'Worker', state: 'ST_BUSY' },
        { name: 'helper', gclass: 'Worker', state: 'ST_IDLE' },
        { name: 'router', gclass: 'GRouter', state: 'ST_IDLE' },
      ],
    });
  });

  test('inspection - EV_SHOW_GOBJ: one gobj as JSON data, secrets hidden', () => {
    const { gaplic, router, boss } = world(false);
    boss.subscribeEvent('EV_DONE', router);
    const report = gaplic.sendEvent(router, 'EV_SHOW_GOBJ', { gobj: 'helper' }) as Record<
      string,
      unknown
    >;
    assert.equal(JSON.stringify(JSON.parse(JSON.stringify(report))), JSON.stringify(report));
    const { config, ...rest } = report;
    assert.deepEqual(rest, {
      name: 'helper',
      gclass: 'Worker',
      state: 'ST_IDLE',
      gaplic: 'Inspected',
      parent: 'boss',
      children: 0,
      states: ['ST_IDLE', 'ST_BUSY'],
      inputEvents: ['EV_GO'],
      outputEvents: ['EV_DONE'],
      subscriptions: 0,
    });
    const values = config as Record<string, unknown>;
    assert.equal(values.size, 3);
    assert.equal(values.authToken, '(hidden)');
    assert.equal(values.emptyKey, '');
    assert.equal(typeof values.when, 'string');
    assert.match(values.when as string, /Date/);
    const bossReport = gaplic.sendEvent(router, 'EV_SHOW_GOBJ', { gobj: 'boss' }) as {
      children: number;
      subscriptions: number;
      parent: string | null;
    };
    assert.equal(bossReport.children, 2);
    assert.equal(bossReport.subscriptions, 1);
    assert.equal(bossReport.parent, 'Inspected');
    assert.equal(gaplic.sendEvent(router, 'EV_SHOW_GOBJ', { gobj: 'nobody' }), null);
  });

  test('inspection - other gaplics: refused unless the router parameter inspect is true', () => {
    const closed = world(false).router;
    assert.equal(remoteRefusal(closed, message('EV_SHOW_ROUTES')), null);
    const refusal =
      "inspection not allowed: the router parameter 'inspect' of gaplic 'Inspected' is false";
    assert.equal(remoteRefusal(closed, message('EV_SHOW_GOBJS')), refusal);
    assert.equal(remoteRefusal(closed, message('EV_SHOW_GOBJ', { gobj: 'boss' })), refusal);
    assert.equal(
      remoteRefusal(closed, message('EV_ADD_STATIC_ROUTE')),
      'the router takes only EV_SHOW_ROUTES, EV_SHOW_GOBJS, EV_SHOW_GOBJ from other gaplics',
    );
    const open = world(true).router;
    assert.equal(remoteRefusal(open, message('EV_SHOW_GOBJS')), null);
    assert.equal(remoteRefusal(open, message('EV_SHOW_GOBJ', { gobj: 'boss' })), null);
    assert.equal(
      remoteRefusal(open, message('EV_SHOW_GOBJ', { gobj: 'nobody' })),
      "GObj 'nobody' UNKNOWN",
    );
    assert.equal(
      remoteRefusal(open, message('EV_SHOW_GOBJ', { gobj: 7 })),
      'GObj 7 (number) UNKNOWN',
    );
    assert.match(remoteRefusal(open, message('EV_INPUT_BATCH'))!, /^the router takes only/);
  });
});
