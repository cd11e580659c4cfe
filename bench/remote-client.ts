/**
 * The gobj through which the placement and router benchmarks talk to a remote `sink`
 * (bench/placement-apps.ts): `ask` sends one event with `__subscribe_response__` and
 * resolves with the action's return; nacks are counted and reject the pending ask.
 */
import { GObj, type GEvent } from '../src/index.js';

function acAnswer(client: RemoteClient, event: GEvent): void {
  client.resolve?.(event.kw.__action_return__);
}

function acNack(client: RemoteClient, event: GEvent): void {
  client.nacks++;
  client.reject?.(new Error(`nacked: ${String(event.kw.error_message)}`));
}

const clientFsm = {
  eventList: ['EV_COUNT: top input', 'EV_PING: top input', 'EV_NACK: top input'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_COUNT', acAnswer, null],
      ['EV_PING', acAnswer, null],
      ['EV_NACK', acNack, null],
    ],
  },
} as const;

export class RemoteClient extends GObj<typeof clientFsm> {
  static override fsm = clientFsm;
  resolve: ((value: unknown) => void) | null = null;
  reject: ((error: Error) => void) | null = null;
  nacks = 0;

  /** Sends one event to the sink of `gaplic` with a response and waits for it. */
  ask(gaplic: string, name: 'EV_COUNT' | 'EV_PING', n = 0): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      this.gaplic!.sendEventOutside(gaplic, '', 'sink', name, this, {
        n,
        __subscribe_response__: true,
      });
    });
  }
}
