/**
 * `sample1` of the gaplic 'TITI' (ginsfsm's router example): it subscribes to
 * `EV_MESSAGE` of TOTO's `sample2`, sends it `EV_SET_TIMEOUT`, and sends it again at each
 * broadcast it receives; after `times` it unsubscribes, asks sample2 for its status (a
 * response) and broadcasts `EV_DONE`. `main.ts` runs it; so does the ini port of the
 * example (examples/ginsfsm/test_router/).
 */
import { GObj, checkFsm, originOf, type GConfigTemplate, type GEvent } from '../../src/node.js';

function acBegin(sample1: Sample1, _event: GEvent): void {
  const titi = sample1.gaplic!;
  // Broadcasts of EV_MESSAGE by TOTO's sample2 now reach sample1 (an output event there,
  // an input event here).
  titi.subscribeEventOutside('TOTO', '', 'sample2', 'EV_MESSAGE', sample1);
  titi.sendEventOutside('TOTO', '', 'sample2', 'EV_SET_TIMEOUT', sample1, {
    timeout: sample1.config.timeout,
  });
}

function acRouteOpened(_sample1: Sample1, event: GEvent): void {
  const roles = event.kw.roles as string[];
  console.log(`TITI: static route to '${String(event.kw.route)}' open (roles ${roles.join(', ')})`);
}

function acMessage(sample1: Sample1, event: GEvent): void {
  const from = originOf(event)!;
  const count = Number(event.kw.count);
  console.log(
    `TITI: sample1 got EV_MESSAGE #${count} from ${from.origin_gaplic}/${from.origin_gobj}`,
  );
  const titi = sample1.gaplic!;
  if (count < sample1.config.times) {
    titi.sendEventOutside('TOTO', '', 'sample2', 'EV_SET_TIMEOUT', sample1, {
      timeout: sample1.config.timeout,
    });
    return;
  }
  titi.unsubscribeEventOutside('TOTO', '', 'sample2', 'EV_MESSAGE', sample1);
  // After the unsubscription (FIFO between two gaplics); the return comes back.
  titi.sendEventOutside('TOTO', '', 'sample2', 'EV_GET_STATUS', sample1, {
    __subscribe_response__: true,
  });
}

function acStatus(sample1: Sample1, event: GEvent): void {
  const status = event.kw.__action_return__ as { broadcasts: number; subscribers: number };
  console.log(
    `TITI: sample2 has broadcast ${status.broadcasts} times and has ${status.subscribers} subscribers left`,
  );
  sample1.broadcastEvent('EV_DONE');
}

function acNack(_sample1: Sample1, event: GEvent): void {
  console.log(
    `TITI: EV_NACK for '${String(event.kw.event_name)}': ${String(event.kw.error_message)}`,
  );
}

const fsm = {
  eventList: [
    'EV_BEGIN: top input',
    'EV_STATIC_ROUTE_OPENED: bottom input',
    'EV_MESSAGE: bottom input',
    'EV_GET_STATUS: bottom input',
    'EV_NACK: bottom input',
    'EV_DONE: top output',
  ],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_BEGIN', acBegin, null],
      ['EV_STATIC_ROUTE_OPENED', acRouteOpened, null], // from TITI's router
      ['EV_MESSAGE', acMessage, null], // sample2's broadcasts
      ['EV_GET_STATUS', acStatus, null], // sample2's response
      ['EV_NACK', acNack, null], // an event that could not be delivered
    ],
  },
} as const;

const gconfig = {
  timeout: { type: 'float', default: 0.1, description: 'Seconds of the timeouts asked of TOTO' },
  times: { type: 'int', default: 3, description: 'Messages received before unsubscribing' },
} as const satisfies GConfigTemplate;

export class Sample1 extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
}
