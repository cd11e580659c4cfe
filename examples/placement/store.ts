/**
 * The 'Store' gaplic of the placement example (`main.ts` builds it in a child process): a
 * `db` gobj that keeps values by key and remembers which gaplic stored each one (read
 * from the event's origin). Its factory is async, as one that opens a file or a
 * connection would be.
 */
import {
  GAplic,
  GObj,
  checkFsm,
  originOf,
  type GConfigTemplate,
  type GEvent,
  type Kw,
} from '../../src/index.js';
import type { LocalConf } from './calc.js';

function acPut(db: Db, event: GEvent): string {
  const key = String(event.kw.key);
  if (!db.entries.has(key) && db.entries.size >= db.config.capacity) {
    throw new Error(`db is full (${db.config.capacity} keys)`); // the sender gets EV_NACK
  }
  // Where a remote event comes from: originOf(event), that is kw.__intra_event__.
  const origin = originOf(event);
  db.entries.set(key, { value: event.kw.value, by: origin?.origin_gaplic ?? 'Store' });
  return `stored ${key}`;
}

function acGet(db: Db, event: GEvent): Kw | null {
  return db.entries.get(String(event.kw.key)) ?? null; // JSON data: it crosses back
}

const fsm = {
  eventList: ['EV_PUT: top input', 'EV_GET: top input'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_PUT', acPut, null],
      ['EV_GET', acGet, null],
    ],
  },
} as const;

const gconfig = {
  capacity: { type: 'int', default: 10, description: 'Keys kept before EV_PUT is refused' },
} as const satisfies GConfigTemplate;

export class Db extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;
  readonly entries = new Map<string, { value: unknown; by: string }>();
}

/** The factory of the spec (`export: 'storeMain'`); a factory may be async. */
export async function storeMain(_globalConf: Kw, localConf: LocalConf): Promise<GAplic> {
  await Promise.resolve(); // here a real store would open its files
  const { name, roles, ...settings } = localConf; // settings: { 'Db.capacity': 100 }
  const gaplic = new GAplic({ name, roles, settings });
  gaplic.createGObj('db', Db, gaplic, { uniqueName: true });
  return gaplic;
}
