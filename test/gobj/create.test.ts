// Creation and destruction of gobjs (src/gobj/create.ts): argument errors, the order of
// creation (kw, settings, attach, unique name, startUp), names, rollback of failed
// creations, and recursive destruction.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createGObj,
  destroyGObj,
  EventNotAccepted,
  GAplic,
  GObj,
  type FsmDescriptor,
  type GConfigTemplate,
  type GEvent,
} from '../../src/index.js';
import { CaptureLogger, drain } from '../../src/testing/index.js';

function acRecord(gobj: Echo, event: GEvent): unknown {
  gobj.received.push(event);
  return event.kw.reply;
}

const echoGConfig = {
  port: { type: 'int', default: 0, description: 'a number' },
  label: { type: 'str', default: null, description: 'a label' },
} as const satisfies GConfigTemplate;

class Echo extends GObj<FsmDescriptor, typeof echoGConfig> {
  static override fsm: FsmDescriptor = {
    eventList: ['EV_PING: input', 'EV_DONE: output'],
    stateList: ['ST_IDLE'],
    machine: { ST_IDLE: [['EV_PING', acRecord, null]] },
  };
  static override gconfig = echoGConfig;
  received: GEvent[] = [];
  startUps = 0;
  goOuts = 0;
  override startUp(): void {
    this.startUps++;
  }
  override goOut(): void {
    this.goOuts++;
  }
}

function newGAplic(options: ConstructorParameters<typeof GAplic>[0] = {}): {
  gaplic: GAplic;
  logger: CaptureLogger;
} {
  const logger = new CaptureLogger();
  return { gaplic: new GAplic({ name: 'ga', logger, ...options }), logger };
}

const BAD_GCLASSES: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['a string', 'Echo'],
  ['a number', 42],
  ['a plain object', {}],
  ['a class not derived from GObj', class Foo {}],
  ['an arrow function', () => Echo],
  ['Object', Object],
  ['an instance of a gclass', new Echo()],
];

describe('createGObj - arguments', () => {
  test('createGObj - rejects every gclass that is not GObj or a subclass with GOBJ_BAD_GCLASS', () => {
    const { gaplic } = newGAplic();
    const parent = gaplic.createGObj('p', Echo, null);
    for (const [what, gclass] of BAD_GCLASSES) {
      const message = `gclass ${what}`;
      assert.throws(
        () => createGObj('x', gclass as never, null),
        { name: 'GObjError', code: 'GOBJ_BAD_GCLASS' },
        message,
      );
      assert.throws(
        () => gaplic.createGObj('x', gclass as never, null),
        { name: 'GObjError', code: 'GOBJ_BAD_GCLASS' },
        message,
      );
      assert.throws(
        () => parent.createGObj('x', gclass as never, parent),
        { name: 'GObjError', code: 'GOBJ_BAD_GCLASS' },
        message,
      );
    }
    assert.equal(parent.children.length, 0);
  });

  test('createGObj - accepts GObj itself as a gclass', () => {
    const gobj = createGObj('plain', GObj, null);
    assert.ok(gobj instanceof GObj);
    assert.equal(gobj.name, 'plain');
  });

  test('createGObj - rejects a name that is not a string with GOBJ_BAD_NAME', () => {
    for (const name of [42, {}, true, ['a']]) {
      assert.throws(() => createGObj(name as never, Echo, null), {
        name: 'GObjError',
        code: 'GOBJ_BAD_NAME',
      });
    }
  });

  test('createGObj - a null or undefined name gives an unnamed gobj', () => {
    assert.equal(createGObj(null, Echo, null).name, '');
    assert.equal(createGObj(undefined as never, Echo, null).name, '');
  });

  test('createGObj - rejects a parent that is not a live gobj with GOBJ_BAD_PARENT', () => {
    const dead = createGObj('dead', Echo, null);
    destroyGObj(dead);
    for (const parent of [{}, 'parent', 42, new Date(), dead]) {
      assert.throws(() => createGObj('x', Echo, parent as never), {
        name: 'GObjError',
        code: 'GOBJ_BAD_PARENT',
      });
    }
    assert.equal(dead.children.length, 0);
  });

  test('createGObj - rejects a parent that belongs to another gaplic with GOBJ_BAD_PARENT', () => {
    const a = newGAplic().gaplic;
    const b = newGAplic().gaplic;
    const inB = b.createGObj('inB', Echo, null);
    const loose = createGObj('loose', Echo, null);
    assert.throws(() => a.createGObj('x', Echo, inB), {
      name: 'GObjError',
      code: 'GOBJ_BAD_PARENT',
    });
    assert.throws(() => a.createGObj('x', Echo, loose), {
      name: 'GObjError',
      code: 'GOBJ_BAD_PARENT',
    });
    assert.equal(inB.children.length, 0);
    assert.equal(loose.children.length, 0);
  });

  test('createGObj - rejects a kw that is not a plain object with GOBJ_BAD_KW', () => {
    const parent = createGObj('p', Echo, null);
    for (const kw of ['port=1', 42, [], null]) {
      assert.throws(() => createGObj('x', Echo, parent, kw as never), {
        name: 'GObjError',
        code: 'GOBJ_BAD_KW',
      });
    }
    assert.equal(parent.children.length, 0);
  });

  test('createGObj - a kw that is an object but not a plain one throws GOBJ_BAD_KW', () => {
    for (const kw of [new Map([['port', 1]]), new Date(0)]) {
      assert.throws(() => createGObj('x', Echo, null, kw as never), {
        name: 'GObjError',
        code: 'GOBJ_BAD_KW',
      });
    }
  });

  test('createGObj - a bad kw value or name throws GConfigValidateError and attaches nothing', () => {
    const { gaplic } = newGAplic();
    const parent = gaplic.createGObj('p', Echo, null);
    let made = 0;
    class Counted extends Echo {
      override startUp(): void {
        made++;
      }
    }
    assert.throws(() => gaplic.createGObj('x', Counted, parent, { port: 'many' }), {
      name: 'GConfigValidateError',
      code: 'GCONFIG_INVALID_VALUE',
    });
    assert.throws(
      () => gaplic.createGObj('x', Counted, parent, { nope: 1, uniqueName: true } as never),
      {
        name: 'GConfigValidateError',
        code: 'GCONFIG_UNKNOWN_PARAMETER',
      },
    );
    assert.equal(parent.children.length, 0);
    assert.equal(made, 0);
    assert.deepEqual(gaplic.getUniqueNamedGObjs(), []);
  });
});

describe('createGObj - order of creation', () => {
  test('createGObj - startUp sees kw written, settings over kw, the parent attached and the unique name registered', () => {
    const seen: Record<string, unknown>[] = [];
    class Probe extends Echo {
      override startUp(): void {
        seen.push({
          port: this.config.port,
          label: this.config.label,
          parent: this.parent,
          attached: this.parent?.children.includes(this),
          unique: this.gaplic?.findUniqueGObj(this.name),
        });
      }
    }
    const { gaplic } = newGAplic({ settings: { 'Probe.port': '9000' } });
    const parent = gaplic.createGObj('p', Echo, null);
    const probe = gaplic.createGObj('probe', Probe, parent, {
      port: 1,
      label: 'from kw',
      uniqueName: true,
    });
    assert.deepEqual(seen, [
      { port: 9000, label: 'from kw', parent, attached: true, unique: probe },
    ]);
    assert.equal(probe.config.port, 9000);
  });

  test('createGObj - calls startUp exactly once and goOut never', () => {
    const gobj = createGObj('x', Echo, null);
    assert.equal(gobj.startUps, 1);
    assert.equal(gobj.goOuts, 0);
  });

  test('createGObj - the module function, gaplic.createGObj and gobj.createGObj place the gobj in the right gaplic', () => {
    const { gaplic, logger } = newGAplic();
    const loose = createGObj('loose', Echo, null);
    assert.equal(loose.gaplic, null);
    assert.equal(loose.parent, null);

    const principal = gaplic.createGObj('principal', Echo, null);
    assert.equal(principal.gaplic, gaplic);
    assert.equal(principal.parent, null);
    assert.equal(principal.logger, logger);

    const child = createGObj('child', Echo, principal);
    assert.equal(child.gaplic, gaplic);
    assert.equal(child.logger, logger);

    const grandchild = child.createGObj('grandchild', Echo, child);
    assert.equal(grandchild.gaplic, gaplic);
    assert.deepEqual(child.children, [grandchild]);

    const looseChild = loose.createGObj('lc', Echo, loose);
    assert.equal(looseChild.gaplic, null);
  });

  test('createGObj - randomName appends _<n> to the name, or is <n> alone for an unnamed gobj', () => {
    const first = createGObj('worker', Echo, null, { randomName: true });
    const second = createGObj('worker', Echo, null, { randomName: 'true' });
    const unnamed = createGObj(null, Echo, null, { randomName: true });
    const m1 = /^worker_(\d+)$/.exec(first.name);
    const m2 = /^worker_(\d+)$/.exec(second.name);
    const m3 = /^(\d+)$/.exec(unnamed.name);
    assert.ok(m1 && m2 && m3, `${first.name} ${second.name} ${unnamed.name}`);
    assert.ok(Number(m2[1]) > Number(m1[1]));
    assert.ok(Number(m3[1]) > Number(m2[1]));
    assert.equal(createGObj('worker', Echo, null, { randomName: false }).name, 'worker');
    assert.equal(first.config.randomName, true);
  });

  test('createGObj - randomName goes through the pipeline: a bad value throws GCONFIG_INVALID_VALUE', () => {
    const parent = createGObj('p', Echo, null);
    assert.throws(() => createGObj('w', Echo, parent, { randomName: 'maybe' }), {
      name: 'GConfigValidateError',
      code: 'GCONFIG_INVALID_VALUE',
    });
    assert.equal(parent.children.length, 0);
  });

  test('createGObj - a settings key aimed at the random name reaches the gobj', () => {
    const { gaplic } = newGAplic();
    const probe = gaplic.createGObj('r', Echo, null, { randomName: true });
    const n = Number(/^r_(\d+)$/.exec(probe.name)?.[1]);
    const next = `r_${n + 1}`;
    const { gaplic: withSettings } = newGAplic({ settings: { [`${next}.port`]: '5' } });
    const target = withSettings.createGObj('r', Echo, null, { randomName: true });
    assert.equal(target.name, next);
    assert.equal(target.config.port, 5);
  });

  test('createGObj - uniqueName registers the gobj in its gaplic', () => {
    const { gaplic } = newGAplic();
    const svc = gaplic.createGObj('svc', Echo, null, { uniqueName: true });
    assert.equal(svc.uniqueName, true);
    assert.equal(gaplic.findUniqueGObj('svc'), svc);
    assert.deepEqual(gaplic.getUniqueNamedGObjs(), ['svc']);
    const plain = gaplic.createGObj('plain', Echo, null);
    assert.equal(plain.uniqueName, false);
    assert.equal(gaplic.findUniqueGObj('plain'), undefined);
  });

  test('createGObj - a taken unique name throws GOBJ_UNIQUE_NAME_TAKEN and attaches nothing', () => {
    const { gaplic } = newGAplic();
    const parent = gaplic.createGObj('p', Echo, null);
    const first = gaplic.createGObj('svc', Echo, null, { uniqueName: true });
    let started = 0;
    class Second extends Echo {
      override startUp(): void {
        started++;
      }
    }
    assert.throws(() => gaplic.createGObj('svc', Second, parent, { uniqueName: true }), {
      name: 'GObjError',
      code: 'GOBJ_UNIQUE_NAME_TAKEN',
    });
    assert.equal(started, 0);
    assert.equal(parent.children.length, 0);
    assert.equal(gaplic.findUniqueGObj('svc'), first);
    // A gobj without uniqueName may share the name.
    assert.equal(gaplic.createGObj('svc', Echo, parent).name, 'svc');
    // Once the owner is destroyed the name is free again.
    destroyGObj(first);
    const again = gaplic.createGObj('svc', Echo, null, { uniqueName: true });
    assert.equal(gaplic.findUniqueGObj('svc'), again);
  });

  test('createGObj - uniqueName without a name throws GOBJ_UNIQUE_NAME_EMPTY', () => {
    const { gaplic } = newGAplic();
    for (const name of ['', null]) {
      assert.throws(() => gaplic.createGObj(name, Echo, null, { uniqueName: true }), {
        name: 'GObjError',
        code: 'GOBJ_UNIQUE_NAME_EMPTY',
      });
    }
    assert.deepEqual(gaplic.getUniqueNamedGObjs(), []);
  });

  test('createGObj - uniqueName for a gobj without gaplic throws GOBJ_NO_GAPLIC', () => {
    const parent = createGObj('p', Echo, null);
    assert.throws(() => createGObj('u', Echo, parent, { uniqueName: true }), {
      name: 'GObjError',
      code: 'GOBJ_NO_GAPLIC',
    });
    assert.equal(parent.children.length, 0);
  });

  test('createGObj - allUniqueNames registers every named gobj, not unnamed ones', () => {
    const { gaplic } = newGAplic({ allUniqueNames: true });
    const a = gaplic.createGObj('a', Echo, null);
    const b = gaplic.createGObj('b', Echo, a);
    const unnamed = gaplic.createGObj(null, Echo, a);
    assert.equal(a.uniqueName, true);
    assert.equal(unnamed.uniqueName, false);
    assert.equal(gaplic.findUniqueGObj('a'), a);
    assert.equal(gaplic.findUniqueGObj('b'), b);
    assert.deepEqual(gaplic.getUniqueNamedGObjs().sort(), ['a', 'b']);
    assert.throws(() => gaplic.createGObj('b', Echo, null), {
      name: 'GObjError',
      code: 'GOBJ_UNIQUE_NAME_TAKEN',
    });
  });

  test('createGObj - a throwing startUp destroys the half-made gobj and rethrows', () => {
    const { gaplic } = newGAplic();
    const parent = gaplic.createGObj('p', Echo, null);
    const watcher = gaplic.createGObj('watcher', Echo, null);
    const failure = new Error('startUp failed');
    const instances: Echo[] = [];
    class Boom extends Echo {
      override startUp(): void {
        instances.push(this);
        this.createGObj('inner', Echo, this, { uniqueName: true });
        this.subscribeEvent('EV_DONE', watcher);
        watcher.subscribeEvent('EV_DONE', this);
        throw failure;
      }
    }
    assert.throws(() => gaplic.createGObj('boom', Boom, parent, { uniqueName: true }), failure);
    const made = instances[0];
    assert.ok(made && instances.length === 1);
    assert.equal(made.destroyed, true);
    assert.equal(made.goOuts, 1);
    assert.equal(parent.children.length, 0);
    assert.deepEqual(gaplic.getUniqueNamedGObjs(), []);
    assert.deepEqual(made.getSubscriptions(), []);
    assert.deepEqual(watcher.getSubscriptions(), []);
  });

  test('createGObj - traceCreation logs Creating, Created (with ! for unique) and Destroying lines', () => {
    const { gaplic, logger } = newGAplic();
    const t = gaplic.createGObj('t', Echo, null, { traceCreation: true });
    const u = gaplic.createGObj('u', Echo, null, { traceCreation: true, uniqueName: true });
    gaplic.createGObj('quiet', Echo, null);
    destroyGObj(t);
    assert.equal(u.traceCreation, true);
    assert.deepEqual(logger.messages('info'), [
      'Creating --> Echo:t',
      'Created <-- Echo:t',
      'Creating --> Echo:u',
      'Created <-- Echo:u !',
      'Destroying Echo:t',
    ]);
  });

  test('createGObj - traceCreation may come from the gaplic settings', () => {
    const { gaplic, logger } = newGAplic({ settings: { 'GObj.traceCreation': 'yes' } });
    gaplic.createGObj('s', Echo, null);
    assert.deepEqual(logger.messages('info'), ['Creating --> Echo:s', 'Created <-- Echo:s']);
  });

  test('createGObj - a gobj built with new outside any gaplic sends events but cannot post', () => {
    const a = new Echo();
    const b = new Echo();
    assert.equal(a.gaplic, null);
    assert.equal(a.name, '');
    assert.equal(a.startUps, 0, 'startUp is the caller’s to call');
    assert.equal(a.sendEvent(b, 'EV_PING', { reply: 7 }), 7);
    assert.deepEqual(b.received[0]?.source, [a]);
    assert.throws(() => a.postEvent(b, 'EV_PING'), { name: 'GObjError', code: 'GOBJ_NO_GAPLIC' });
    assert.throws(() => a.sendEvent('b', 'EV_PING'), {
      name: 'GObjError',
      code: 'GOBJ_NO_GAPLIC',
    });
    assert.equal(b.received.length, 1);
  });
});

describe('destroyGObj', () => {
  test('destroyGObj - destroys the subtree, detaching first, children before their parent', () => {
    const order: string[] = [];
    const views: Record<string, unknown>[] = [];
    class TreeNode extends Echo {
      override goOut(): void {
        order.push(this.name);
        if (this.name === 'child') {
          views.push({
            selfParent: this.parent,
            rootDestroyed: root.destroyed,
            rootAttached: top.children.includes(root),
          });
        }
      }
    }
    const top = createGObj('top', TreeNode, null);
    const root = createGObj('root', TreeNode, top);
    const child = createGObj('child', TreeNode, root);
    const grandchild = createGObj('grandchild', TreeNode, child);
    const sibling = createGObj('sibling', TreeNode, root);
    destroyGObj(root);
    assert.deepEqual(order, ['grandchild', 'child', 'sibling', 'root']);
    assert.deepEqual(views, [{ selfParent: null, rootDestroyed: true, rootAttached: false }]);
    for (const g of [root, child, grandchild, sibling]) assert.equal(g.destroyed, true, g.name);
    assert.equal(top.destroyed, false);
    assert.deepEqual(top.children, []);
    assert.deepEqual(root.children, []);
    assert.equal(root.parent, null);
  });

  test('destroyGObj - deregisters the unique names of every descendant', () => {
    const { gaplic } = newGAplic();
    const keep = gaplic.createGObj('keep', Echo, null, { uniqueName: true });
    const root = gaplic.createGObj('root', Echo, null, { uniqueName: true });
    const child = gaplic.createGObj('child', Echo, root, { uniqueName: true });
    gaplic.createGObj('grandchild', Echo, child, { uniqueName: true });
    gaplic.createGObj('plain', Echo, child);
    destroyGObj(root);
    assert.deepEqual(gaplic.getUniqueNamedGObjs(), ['keep']);
    assert.equal(gaplic.findUniqueGObj('grandchild'), undefined);
    assert.equal(gaplic.findUniqueGObj('keep'), keep);
    // The names can be taken again.
    gaplic.createGObj('grandchild', Echo, null, { uniqueName: true });
  });

  test('destroyGObj - removes its subscriptions, hard ones too, and those it holds at other publishers', () => {
    const { gaplic, logger } = newGAplic();
    const publisher = gaplic.createGObj('publisher', Echo, null);
    const outside = gaplic.createGObj('outside', Echo, null);
    const doomed = gaplic.createGObj('doomed', Echo, null);
    const doomedChild = gaplic.createGObj('doomedChild', Echo, doomed);
    doomed.subscribeEvent('EV_DONE', outside, { hardSubscription: true });
    doomed.subscribeEvent(null, outside, { renameEventName: 'EV_PING' });
    publisher.subscribeEvent('EV_DONE', doomed);
    publisher.subscribeEvent(null, doomedChild, { hardSubscription: true });
    publisher.subscribeEvent('EV_DONE', outside, { renameEventName: 'EV_PING' });
    destroyGObj(doomed);
    assert.deepEqual(doomed.getSubscriptions(), []);
    assert.deepEqual(
      publisher.getSubscriptions().map((s) => s.subscriber),
      [outside],
    );
    publisher.broadcastEvent('EV_DONE');
    assert.equal(outside.received.length, 1);
    assert.deepEqual(logger.messages('warn'), []);
    assert.deepEqual(logger.messages('error'), []);
  });

  test('destroyGObj - calls goOut once; destroying twice logs an error and does nothing', () => {
    const { gaplic, logger } = newGAplic();
    const parent = gaplic.createGObj('parent', Echo, null);
    const gobj = gaplic.createGObj('x', Echo, parent);
    destroyGObj(gobj);
    assert.equal(gobj.goOuts, 1);
    assert.deepEqual(logger.messages('error'), []);
    destroyGObj(gobj);
    parent.destroyGObj(gobj);
    assert.equal(gobj.goOuts, 1);
    const errors = logger.messages('error');
    assert.equal(errors.length, 2);
    assert.match(errors[0] ?? '', /Echo:x is already destroyed/);
  });

  test('destroyGObj - rejects a value that is not a gobj with GOBJ_BAD_DESTINATION', () => {
    assert.throws(() => destroyGObj({} as never), {
      name: 'GObjError',
      code: 'GOBJ_BAD_DESTINATION',
    });
  });

  test('sendEvent - to a destroyed gobj returns EventNotAccepted and warns', () => {
    const { gaplic, logger } = newGAplic();
    const sender = gaplic.createGObj('sender', Echo, null);
    const dead = gaplic.createGObj('dead', Echo, null);
    destroyGObj(dead);
    assert.equal(sender.sendEvent(dead, 'EV_PING', { reply: 1 }), EventNotAccepted);
    assert.equal(dead.received.length, 0);
    const warnings = logger.messages('warn');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /EV_PING.*Echo:dead is destroyed/);
  });

  test('postEvent - to a gobj destroyed before delivery drops the event with a warning', () => {
    const { gaplic, logger } = newGAplic();
    const sender = gaplic.createGObj('sender', Echo, null);
    const dead = gaplic.createGObj('dead', Echo, null);
    const late = gaplic.createGObj('late', Echo, null);
    destroyGObj(dead);
    sender.postEvent(dead, 'EV_PING');
    sender.postEvent(late, 'EV_PING');
    destroyGObj(late);
    drain(gaplic);
    assert.equal(dead.received.length, 0);
    assert.equal(late.received.length, 0);
    const warnings = logger.messages('warn');
    assert.equal(warnings.length, 2);
    assert.match(warnings[0] ?? '', /dropped: Echo:dead is destroyed/);
    assert.match(warnings[1] ?? '', /dropped: Echo:late is destroyed/);
    assert.equal(gaplic.queueLength, 0);
  });
});
