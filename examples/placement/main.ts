/**
 * Gaplics in threads and processes: the main gaplic 'Front' (role front, this thread)
 * with its gobj `desk`, 'Calc' (role calc, calc.ts) in a worker thread, and 'Store' (role
 * store, store.ts) in a child process. The desk asks Calc by name for a sum, subscribes to
 * Calc's `EV_SAVED` (Calc has Store keep the sum: gaplic to gaplic), asks Store by role
 * for what it holds, sends one event to a gobj Calc does not have (it comes back as
 * `EV_NACK`), then everything stops and the program exits 0.
 *
 *   npm run compile && node build/examples/placement/main.js
 */
import {
  Deferred,
  GAplic,
  GObj,
  RouterError,
  checkFsm,
  originOf,
  setGlobalMainGAplic,
  shutdown,
  type GEvent,
} from '../../src/index.js';
import { setupGAplicProcess, setupGAplicThread } from '../../src/node.js';

function acBegin(desk: Desk, _event: GEvent): void {
  const front = desk.gaplic!;
  // Broadcasts of EV_SAVED by Calc's calculator now reach the desk.
  front.subscribeEventOutside('Calc', '', 'calculator', 'EV_SAVED', desk);
  // By gaplic name; the action's return comes back as EV_ADD with kw.__action_return__.
  front.sendEventOutside('Calc', '', 'calculator', 'EV_ADD', desk, {
    a: 2,
    b: 3,
    __subscribe_response__: true,
  });
  // Misuse throws at the sender: here a kw that is not JSON data.
  try {
    front.sendEventOutside('Calc', '', 'calculator', 'EV_ADD', desk, { a: 2, b: new Date() });
  } catch (error) {
    if (!(error instanceof RouterError)) throw error;
    console.log(`Front: refused at the sender: ${error.code}`);
  }
}

function acAdded(_desk: Desk, event: GEvent): void {
  const from = originOf(event); // { origin_gaplic: 'Calc', origin_gobj: 'calculator', ... }
  const sum = String(event.kw.__action_return__);
  console.log(`Front: ${from?.origin_gaplic}/${from?.origin_gobj} answered EV_ADD: ${sum}`);
}

function acSaved(desk: Desk, event: GEvent): void {
  console.log(`Front: Calc published EV_SAVED: ${String(event.kw.reply)}`);
  // By role: whichever gaplic has the role 'store' answers.
  desk.gaplic!.sendEventOutside('', 'store', 'db', 'EV_GET', desk, {
    key: '2+3',
    __subscribe_response__: true,
  });
}

function acGot(desk: Desk, event: GEvent): void {
  const entry = event.kw.__action_return__ as { value: number; by: string };
  console.log(`Front: Store holds 2+3 = ${entry.value}, stored by ${entry.by}`);
  const front = desk.gaplic!;
  front.unsubscribeEventOutside('Calc', '', 'calculator', 'EV_SAVED', desk);
  // A gobj Calc does not have: the event comes back as EV_NACK. It reaches Calc after the
  // unsubscription (FIFO per pair), so when the nack is here, nothing is left in flight.
  front.sendEventOutside('Calc', '', 'abacus', 'EV_ADD', desk, { a: 4, b: 5 });
}

function acNack(desk: Desk, event: GEvent): void {
  const { event_name, destination_gaplic, destination_gobj, error_message, kw } = event.kw;
  console.log(
    `Front: EV_NACK for '${String(event_name)}' to ${String(destination_gaplic)}/${String(destination_gobj)}: ${String(error_message)} (kw ${JSON.stringify(kw)})`,
  );
  desk.broadcastEvent('EV_DONE');
}

const deskFsm = {
  eventList: [
    'EV_BEGIN: top input',
    'EV_ADD: bottom input',
    'EV_SAVED: bottom input',
    'EV_GET: bottom input',
    'EV_NACK: bottom input',
    'EV_DONE: top output',
  ],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_BEGIN', acBegin, null],
      ['EV_ADD', acAdded, null], // Calc's response
      ['EV_SAVED', acSaved, null], // Calc's broadcast
      ['EV_GET', acGot, null], // Store's response
      ['EV_NACK', acNack, null], // an event that could not be delivered
    ],
  },
} as const;

class Desk extends GObj<typeof deskFsm> {
  static override fsm = checkFsm(deskFsm);
}

// The workers: a spec each (the gaplic is built there by the factory the spec names).
const calc = setupGAplicThread({
  module: new URL('./calc.js', import.meta.url).href, // the module exporting the factory
  export: 'calcMain',
  name: 'Calc',
  roles: ['calc'],
  restart: 'on-crash', // at most 3 restarts in 5 s, after 0.1 s, 0.2 s, 0.4 s
  maxRestarts: 3,
  restartPeriod: 5,
  backoff: 0.1,
});
const store = setupGAplicProcess({
  module: new URL('./store.js', import.meta.url).href,
  export: 'storeMain',
  name: 'Store',
  roles: ['store'],
  settings: { 'Db.capacity': 100 }, // the factory's localConf, with name and roles
  stopTimeout: 2, // seconds stop() waits before it kills the process
});
calc.on('crashed', (exit) => console.log(`Calc crashed: ${JSON.stringify(exit)}`));
calc.on('restarting', ({ delay, attempt }) =>
  console.log(`Calc restarts in ${delay} s (#${attempt})`),
);
calc.on('failed', ({ reason }) => console.log(`Calc failed: ${reason}`));

// Workers may start before the main gaplic is set: they are linked to it when it is.
const started = Promise.all([calc.start(), store.start()]);
const front = new GAplic({ name: 'Front', roles: ['front'] });
const desk = front.createGObj('desk', Desk, front, { uniqueName: true });
setGlobalMainGAplic(front);
const running = front.start();
try {
  await started; // once both gaplics are built, running and linked
} catch (error) {
  console.error(`Front: a worker did not start: ${String(error)}`); // a WorkerError
  await shutdown();
  process.exit(1);
}
for (const worker of [calc, store]) {
  console.log(`${worker.name}: ${worker.status} in a ${worker.kind} (id ${worker.id})`);
}

const done = new Promise<void>((resolve) => {
  desk.subscribeEvent('EV_DONE', new Deferred('done', () => resolve()));
});
front.postEvent(desk, 'EV_BEGIN');
await done;

await shutdown(); // stops the workers (their gobjs go out), then Front
await running;
console.log(`Front: Calc ${calc.status}, Store ${store.status}`);
