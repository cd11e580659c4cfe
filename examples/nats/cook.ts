/**
 * A cook of the NATS example: the gaplic named by its argument, with the role 'cook', in
 * a process of its own, connected to the nats-server of `main.ts`. Its gobj `chef` cooks
 * the orders sent to the role (one cook takes each: the role is a NATS queue group),
 * counts them for whoever asks by its name, and takes tips, sent as guaranteed events
 * (stored by JetStream until a cook has taken them). It leaves when `main.ts` says so.
 *
 *   node build/examples/nats/cook.js <nats url> <name>
 */
import process from 'node:process';
import {
  GAplic,
  GObj,
  checkFsm,
  originOf,
  routerOf,
  type GEvent,
  type Kw,
} from '../../src/node.js';

function acOrder(chef: Chef, event: GEvent): Kw {
  const from = originOf(event)!; // who asked, and by which role
  chef.cooked += 1;
  const dish = String(event.kw.dish);
  console.log(`${chef.gaplic!.name}: ${dish} for ${from.origin_gaplic}/${from.origin_gobj}`);
  // The action's return goes back to the waiter (it asked for a response).
  return { dish, cook: chef.gaplic!.name };
}

function acCount(chef: Chef, _event: GEvent): number {
  return chef.cooked;
}

function acTip(chef: Chef, event: GEvent): string {
  console.log(`${chef.gaplic!.name}: a tip of ${String(event.kw.amount)} (guaranteed)`);
  return `${chef.gaplic!.name} thanks for the tip`;
}

const fsm = {
  eventList: ['EV_ORDER: top input', 'EV_COUNT: top input', 'EV_TIP: top input'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_ORDER', acOrder, null],
      ['EV_COUNT', acCount, null],
      ['EV_TIP', acTip, null],
    ],
  },
} as const;

class Chef extends GObj<typeof fsm> {
  static override fsm = checkFsm(fsm);
  cooked = 0;
}

const [url = '', name = 'Cook'] = process.argv.slice(2);
const cook = new GAplic({
  name,
  roles: ['cook'],
  settings: {
    'router.natsServers': url, // the gaplics meet on NATS: no route between them
    'router.natsJetStream': true, // read the guaranteed events of this name and role
  },
});
cook.createGObj('chef', Chef, cook, { uniqueName: true });
const router = routerOf(cook);
const running = cook.start();
await router.natsReady; // connected, subscribed, JetStream consumers read
process.send?.('ready');
process.on('message', () => {
  // Leaving: destroying the router closes the connection (what was sent is flushed).
  cook.destroyGObj(router);
  cook.stop();
});
await running;
process.disconnect?.();
