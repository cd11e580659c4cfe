// The one conformance suite of events between gaplics, written once and run against
// every placement and link (a factory per implementation, as hono runs one router suite
// per router): gaplics in this thread over memory links, in worker threads, in child
// processes, and later over WebSocket and NATS links. Each factory builds the same world:
//
//   main 'Front' (role 'front', this thread) with the gobj 'client'
//   'Calc'  (role 'calc')  with the gobj 'adder'      (test/fixtures/remote-apps.ts)
//   'Store' (role 'store') with the gobj 'db'
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Fault, GAplic } from '../../src/index.js';
import { Client, Mute, until } from '../fixtures/client.js';

export interface PlacementWorld {
  readonly main: GAplic;
  readonly client: Client;
  /** Faults reported by the main gaplic. */
  readonly faults: Fault[];
  /** Stops every gaplic of the world. */
  close(): Promise<void>;
}

export type WorldFactory = () => Promise<PlacementWorld>;

/** Registers the suite for one implementation. */
export function placementConformance(kind: string, makeWorld: WorldFactory): void {
  describe(`placement conformance - ${kind}`, () => {
    let world: PlacementWorld;
    before(async () => {
      world = await makeWorld();
    });
    after(async () => {
      await world.close();
    });

    /** Sends from the client and waits for `count` events named `name`. */
    async function ask(name: string, count: number, send: () => void): Promise<void> {
      const before = world.client.named(name).length;
      send();
      await until(
        () => world.client.named(name).length >= before + count,
        5000,
        `${count} ${name}`,
      );
    }

    test(`${kind} - by gaplic name, the response carries the action's return`, async () => {
      await ask('EV_ADD', 1, () =>
        world.main.sendEventOutside('Calc', '', 'adder', 'EV_ADD', world.client, {
          a: 1,
          b: 2,
          __subscribe_response__: true,
        }),
      );
      assert.equal(world.client.named('EV_ADD').at(-1)!.kw.__action_return__, 3);
    });

    test(`${kind} - by role, to a gaplic whose factory is async`, async () => {
      await ask('EV_PUT', 1, () =>
        world.main.sendEventOutside('', 'store', 'db', 'EV_PUT', 'client', {
          key: 'k1',
          value: 'v1',
          __subscribe_response__: true,
        }),
      );
      assert.equal(world.client.named('EV_PUT').at(-1)!.kw.__action_return__, 'stored k1');
    });

    test(`${kind} - an event without response is delivered (seen by a later query)`, async () => {
      world.main.sendEventOutside('Store', '', 'db', 'EV_PUT', 'client', { key: 'k2', value: 2 });
      await ask('EV_GET', 1, () =>
        world.main.sendEventOutside('Store', '', 'db', 'EV_GET', 'client', {
          key: 'k2',
          __subscribe_response__: true,
        }),
      );
      assert.equal(world.client.named('EV_GET').at(-1)!.kw.__action_return__, 2);
    });

    test(`${kind} - the remote action reads where the event came from`, async () => {
      await ask('EV_WHO', 1, () =>
        world.main.sendEventOutside('Calc', '', 'adder', 'EV_WHO', 'client', {
          __subscribe_response__: true,
        }),
      );
      assert.deepEqual(world.client.named('EV_WHO').at(-1)!.kw.__action_return__, {
        gaplic: 'Front',
        role: 'front',
        gobj: 'client',
      });
    });

    test(`${kind} - subscribe: remote broadcasts reach the subscriber; unsubscribe ends them`, async () => {
      world.main.subscribeEventOutside('Calc', '', 'adder', 'EV_SUM', world.client);
      await ask('EV_SUM', 1, () =>
        world.main.sendEventOutside('Calc', '', 'adder', 'EV_ADD', 'client', { a: 20, b: 22 }),
      );
      const sum = world.client.named('EV_SUM').at(-1)!;
      assert.equal(sum.kw.sum, 42);
      assert.equal(typeof sum.kw.__subscription_reference__, 'string');
      world.main.unsubscribeEventOutside('Calc', '', 'adder', 'EV_SUM', world.client);
      const sums = world.client.named('EV_SUM').length;
      await ask('EV_ADD', 1, () =>
        world.main.sendEventOutside('Calc', '', 'adder', 'EV_ADD', 'client', {
          a: 1,
          b: 1,
          __subscribe_response__: true,
        }),
      );
      assert.equal(world.client.named('EV_SUM').length, sums);
    });

    test(`${kind} - undeliverable events come back as EV_NACK with the reason`, async () => {
      await ask('EV_NACK', 4, () => {
        world.main.sendEventOutside('Nowhere', '', 'adder', 'EV_ADD', 'client', { n: 1 });
        world.main.sendEventOutside('', 'nobody', 'adder', 'EV_ADD', 'client', { n: 2 });
        world.main.sendEventOutside('Calc', '', 'ghost', 'EV_ADD', 'client', { n: 3 });
        world.main.sendEventOutside('Calc', '', 'adder', 'EV_LOCKED', 'client', { n: 4 });
      });
      const nacks = world.client.named('EV_NACK').slice(-4);
      const byGobj = new Map(
        nacks.map((n) => [
          String(n.kw.destination_gaplic) +
            '/' +
            String(n.kw.destination_role) +
            '/' +
            String(n.kw.destination_gobj),
          n.kw,
        ]),
      );
      assert.match(String(byGobj.get('Nowhere//adder')?.error_message), /no route/);
      assert.match(String(byGobj.get('/nobody/adder')?.error_message), /no route/);
      assert.match(String(byGobj.get('Calc//ghost')?.error_message), /GObj 'ghost' UNKNOWN/);
      assert.match(String(byGobj.get('Calc//adder')?.error_message), /'EV_LOCKED' not accepted/);
      for (const kw of nacks.map((n) => n.kw)) assert.equal(kw.event_name, kw.event_name);
    });

    test(`${kind} - a nack for a subscriber without EV_NACK is logged as a fault naming the event`, async () => {
      const mute = world.main.createGObj('mute', Mute, world.main, { uniqueName: true });
      const before = world.faults.length;
      world.main.sendEventOutside('Calc', '', 'ghost', 'EV_ADD', mute);
      await until(
        () => world.faults.slice(before).some((f) => f.code === 'NACK_NOT_ACCEPTED'),
        5000,
        'NACK_NOT_ACCEPTED',
      );
      const fault = world.faults.slice(before).find((f) => f.code === 'NACK_NOT_ACCEPTED')!;
      assert.match(fault.message, /'EV_ADD' to 'Calc'\/ghost was nacked/);
      world.main.destroyGObj(mute);
    });

    test(`${kind} - FIFO per sender and receiver: 2,000 events arrive in order`, async () => {
      for (let n = 0; n < 2000; n++) {
        world.main.sendEventOutside('Calc', '', 'adder', 'EV_SEQ', 'client', { n });
      }
      await ask('EV_SEQS', 1, () =>
        world.main.sendEventOutside('Calc', '', 'adder', 'EV_SEQS', 'client', {
          __subscribe_response__: true,
        }),
      );
      const seqs = world.client.named('EV_SEQS').at(-1)!.kw.__action_return__ as number[];
      assert.deepEqual(
        seqs.slice(-2000),
        Array.from({ length: 2000 }, (_v, n) => n),
      );
    });

    test(`${kind} - one remote gaplic reaches another (Calc asks Store by role)`, async () => {
      world.main.subscribeEventOutside('Calc', '', 'adder', 'EV_RELAYED', world.client);
      await ask('EV_RELAYED', 1, () =>
        world.main.sendEventOutside('Calc', '', 'adder', 'EV_RELAY', 'client', { key: 'k3' }),
      );
      assert.equal(world.client.named('EV_RELAYED').at(-1)!.kw.stored, 'stored k3');
      world.main.unsubscribeEventOutside('Calc', '', 'adder', 'EV_RELAYED', world.client);
    });

    test(`${kind} - misuse throws at the sender with a coded error`, () => {
      const { main, client } = world;
      const cases: [string, () => void][] = [
        [
          'ROUTER_BAD_ARGUMENT',
          () => main.sendEventOutside(5 as never, '', 'adder', 'EV_ADD', client),
        ],
        ['ROUTER_BAD_ARGUMENT', () => main.sendEventOutside('', '', 'adder', 'EV_ADD', client)],
        ['ROUTER_TO_SELF', () => main.sendEventOutside('Front', '', 'client', 'EV_ADD', client)],
        ['ROUTER_TO_SELF', () => main.sendEventOutside('', 'front', 'client', 'EV_ADD', client)],
        [
          'ROUTER_BAD_ORIGIN_ROLE',
          () =>
            main.sendEventOutside('Calc', '', 'adder', 'EV_ADD', client, {}, { originRole: 'x' }),
        ],
        [
          'ROUTER_BAD_SUBSCRIBER',
          () => main.sendEventOutside('Calc', '', 'adder', 'EV_ADD', 'nobody'),
        ],
        [
          'ROUTER_KW_CANNOT_CROSS',
          () => main.sendEventOutside('Calc', '', 'adder', 'EV_ADD', client, { f: () => 1 }),
        ],
        [
          'ROUTER_KW_CANNOT_CROSS',
          () => main.sendEventOutside('Calc', '', 'adder', 'EV_ADD', client, { g: client }),
        ],
        [
          'ROUTER_KW_CANNOT_CROSS',
          () => main.sendEventOutside('Calc', '', 'adder', 'EV_ADD', client, { s: Symbol('s') }),
        ],
      ];
      for (const [code, call] of cases) assert.throws(call, { code }, code);
    });
  });
}
