// Protocol v1 is ginsfsm 0.7 on the wire: the exchange captured from ginsfsm's router
// example (spec §2.10.5) is replayed frame by frame against our router over a real
// socket, with our router as the server (TOTO) and as the client (TITI); every frame's
// fields, their order and the order of the frames are asserted. Real time: sockets.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { FIELD_SETS, GAplic, routerOf, type Fault } from '../../src/node.js';
import { until } from '../fixtures/client.js';
import { rawClient, rawServer, type FrameQueue } from '../fixtures/raw-ws.js';
import { Sample1, Sample2 } from '../fixtures/router-samples.js';

const HEX32 = /^[0-9a-f]{32}$/;

/** The frame's keys in order, and its values. */
function shape(frame: string): { keys: string[]; value: Record<string, unknown> } {
  const value = JSON.parse(frame) as Record<string, unknown>;
  return { keys: Object.keys(value), value };
}

// ginsfsm's field sets (spec §2.10.5), message_type first.
const EVENT_KEYS = ['message_type', ...FIELD_SETS.__event__];
const ACK_KEYS = ['message_type', ...FIELD_SETS.__event_ack__];

function event(
  serial: number,
  eventName: string,
  kw: Record<string, unknown>,
  from: 'TITI' | 'TOTO' = 'TITI',
): Record<string, unknown> {
  const titi = { gaplic: 'TITI', role: 'titi', gobj: 'sample1' };
  const toto = { gaplic: 'TOTO', role: '', gobj: 'sample2' };
  const [origin, destination] = from === 'TITI' ? [titi, toto] : [toto, titi];
  return {
    message_type: '__event__',
    serial,
    event_name: eventName,
    destination_gaplic: destination.gaplic,
    destination_role: destination.role,
    destination_gobj: destination.gobj,
    origin_gaplic: origin.gaplic,
    // ginsfsm sends the publisher's whole roles list here (§6.4 #37).
    origin_role: from === 'TOTO' ? ['toto'] : origin.role,
    origin_gobj: origin.gobj,
    kw,
  };
}

describe('protocol v1 replay - our router as the server (TOTO)', () => {
  const faults: Fault[] = [];
  const toto = new GAplic({
    name: 'TOTO',
    roles: ['toto'],
    onFault: (f) => faults.push(f),
    settings: { 'router.server': true, 'router.port': 0 },
  });
  toto.createGObj('sample2', Sample2, toto, { uniqueName: true });
  const router = routerOf(toto);
  const running = toto.start();
  let titi: FrameQueue;
  after(async () => {
    titi?.socket.terminate();
    toto.destroyGObj(router);
    toto.stop();
    await running;
  });

  test('v1 replay (server) - card, subscribe, event, pushed broadcast, unsubscribe', async () => {
    const url = (await router.listening)!.url;
    titi = await rawClient(url); // no subprotocol: a ginsfsm client
    titi.send({ message_type: '__identity_card__', my_gaplic_name: 'TITI', my_roles: ['titi'] });
    assert.equal(
      await titi.next(),
      '{"message_type":"__identity_card_ack__","my_gaplic_name":"TOTO","my_roles":["toto"]}',
    );

    titi.send(event(1, 'EV_MESSAGE', { __subscribe_event__: true }));
    const subscribed = shape(await titi.next());
    assert.deepEqual(subscribed.keys, ACK_KEYS);
    assert.equal(subscribed.value.serial, 1);
    assert.equal(subscribed.value.event_name, 'EV_MESSAGE');
    assert.match(String(subscribed.value.reference), HEX32);
    const reference = subscribed.value.reference as string;

    titi.send(event(2, 'EV_SET_TIMEOUT', { timeout: 0.05 }));
    assert.equal(
      await titi.next(),
      '{"message_type":"__event_ack__","serial":2,"event_name":"EV_SET_TIMEOUT","reference":null}',
    );

    // The timeout expires: sample2 broadcasts, the subscription pushes it to TITI.
    const pushed = shape(await titi.next());
    assert.deepEqual(pushed.keys, EVENT_KEYS);
    assert.deepEqual(pushed.value, {
      message_type: '__event__',
      serial: 1,
      event_name: 'EV_MESSAGE',
      destination_gaplic: 'TITI',
      destination_role: 'titi',
      destination_gobj: 'sample1',
      origin_gaplic: 'TOTO',
      origin_role: 'toto',
      origin_gobj: 'sample2',
      kw: {
        text: 'time out',
        original_event_name: 'EV_MESSAGE',
        __subscription_reference__: reference,
      },
    });
    titi.send({
      message_type: '__event_ack__',
      serial: 1,
      event_name: 'EV_MESSAGE',
      reference: null,
    });

    titi.send(
      event(3, 'EV_MESSAGE', {
        __subscription_reference__: reference,
        __unsubscribe_event__: true,
      }),
    );
    assert.equal(
      await titi.next(),
      '{"message_type":"__event_ack__","serial":3,"event_name":"EV_MESSAGE","reference":null}',
    );

    // Unsubscribed: a new timeout broadcasts to nobody.
    titi.send(event(4, 'EV_SET_TIMEOUT', { timeout: 0.01 }));
    assert.equal((await titi.nextJson()).serial, 4);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(titi.pending, 0);
    assert.deepEqual(
      faults.map((f) => f.code),
      [],
    );
  });

  test('v1 replay (server) - serials wrap from 10 to 1 as ginsfsm sends them: nothing is dropped', async () => {
    const acks: number[] = [];
    for (let i = 0; i < 12; i++) {
      titi.send(event((i % 10) + 1, 'EV_SET_TIMEOUT', { timeout: 3600 }));
      acks.push((await titi.nextJson()).serial as number);
    }
    assert.deepEqual(acks, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2]);
    assert.equal(router.routes.find((r) => r.name === 'TITI')?.counters.duplicates, 0);
  });

  test('v1 replay (server) - a refused event is nacked with its serial, event name and reason', async () => {
    titi.send({ ...event(3, 'EV_SET_TIMEOUT', {}), destination_gobj: 'ghost' });
    const nack = shape(await titi.next());
    assert.deepEqual(nack.keys, ['message_type', 'serial', 'event_name', 'error_message']);
    assert.deepEqual(nack.value, {
      message_type: '__event_nack__',
      serial: 3,
      event_name: 'EV_SET_TIMEOUT',
      error_message: "GObj 'ghost' UNKNOWN",
    });
  });
});

describe('protocol v1 replay - our router as the client (TITI)', () => {
  test('v1 replay (client) - card, subscribe, event, pushed broadcast, unsubscribe', async () => {
    const server = await rawServer(); // selects no subprotocol: a ginsfsm server
    const faults: Fault[] = [];
    const titi = new GAplic({
      name: 'TITI',
      roles: ['titi'],
      onFault: (f) => faults.push(f),
      settings: { 'router.staticRoutes': `TOTO, toto, ${server.url.replace('ws:', 'http:')}` },
    });
    const sample1 = titi.createGObj('sample1', Sample1, titi, { uniqueName: true });
    const router = routerOf(titi);
    const running = titi.start();
    try {
      const toto = await server.connected;
      assert.equal(
        await toto.next(),
        '{"message_type":"__identity_card__","my_gaplic_name":"TITI","my_roles":["titi"]}',
      );
      toto.send({
        message_type: '__identity_card_ack__',
        my_gaplic_name: 'TOTO',
        my_roles: ['toto'],
      });
      await until(() => router.routes[0]?.state === 'up', 3000, 'route up');

      titi.subscribeEventOutside('TOTO', '', 'sample2', 'EV_MESSAGE', sample1);
      titi.sendEventOutside('TOTO', '', 'sample2', 'EV_SET_TIMEOUT', sample1, { timeout: 2 });
      const subscribe = shape(await toto.next());
      assert.deepEqual(subscribe.keys, EVENT_KEYS);
      assert.deepEqual(subscribe.value, event(1, 'EV_MESSAGE', { __subscribe_event__: true }));
      // One event in flight: the next waits for this ack.
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(toto.pending, 0);
      const reference = 'a1'.repeat(16);
      toto.send({ message_type: '__event_ack__', serial: 1, event_name: 'EV_MESSAGE', reference });
      assert.deepEqual(JSON.parse(await toto.next()), event(2, 'EV_SET_TIMEOUT', { timeout: 2 }));
      toto.send({
        message_type: '__event_ack__',
        serial: 2,
        event_name: 'EV_SET_TIMEOUT',
        reference: null,
      });

      toto.send(
        event(
          1,
          'EV_MESSAGE',
          { original_event_name: 'EV_MESSAGE', __subscription_reference__: reference },
          'TOTO',
        ),
      );
      assert.equal(
        await toto.next(),
        '{"message_type":"__event_ack__","serial":1,"event_name":"EV_MESSAGE","reference":null}',
      );
      assert.equal(sample1.received.at(-1)?.kw.__subscription_reference__, reference);

      titi.unsubscribeEventOutside('TOTO', '', 'sample2', 'EV_MESSAGE', sample1);
      const unsubscribe = shape(await toto.next());
      assert.deepEqual(unsubscribe.keys, EVENT_KEYS);
      assert.deepEqual(
        unsubscribe.value,
        // ginsfsm finds the subscription by the reference its ack gave.
        event(3, 'EV_MESSAGE', {
          __unsubscribe_event__: true,
          __subscription_reference__: reference,
        }),
      );
      assert.deepEqual(
        faults.map((f) => f.code),
        [],
      );
    } finally {
      titi.destroyGObj(router);
      titi.stop();
      await running;
      await server.close();
    }
  });
});
