// The "typical messages" and "typical log lines" of docs/errors.md are real: each error
// scenario below throws one, each fault scenario logs one, and the section of its code
// must show that exact message or line. Most scenarios run in this thread, on a TestClock;
// those of gaplics in workers start real worker threads (a few, about 0.1 s each), and
// their faults are logged by a main gaplic on real time. Those of the router over
// WebSocket use real sockets on 127.0.0.1 (the timers of the router under test still run
// on its TestClock), and those of a platform without a WebSocket server or without any
// WebSocket run in a child process that imports only the core entry.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import WebSocket, { WebSocketServer } from 'ws';
import {
  Callback,
  Deferred,
  ERROR_CODES,
  EventNotAccepted,
  FAULT_CODES,
  GAplic,
  GConfig,
  GObj,
  GRouter,
  GTimer,
  GinsfsmError,
  RouterError,
  SMachine,
  SUBPROTOCOL_V2,
  asBool,
  browserWebSocketTransport,
  checkFsm,
  createGObj,
  createMemoryLinkPair,
  destroyGObj,
  filterEventAttrs,
  parseEventDeclaration,
  parseStaticRoutes,
  postEventFromOutside,
  realClock,
  routerOf,
  setGlobalMainGAplic,
  setGlobalTraceMach,
  shutdown,
  silentLogger,
  type ErrorCode,
  type Fault,
  type FaultCode,
  type FsmDescriptor,
  type GAplicOptions,
  type GConfigTemplate,
  type GEvent,
  type Link,
  type Route,
  type WsServer,
} from '../../src/index.js';
import {
  GConnex,
  GServerSock,
  GSock,
  setupGAplicProcess,
  setupGAplicThread,
} from '../../src/node.js'; // registers ws
import {
  CaptureLogger,
  TestClock,
  advanceAndDrain,
  drain,
  resetGlobals,
} from '../../src/testing/index.js';
import { attachChild } from '../../src/gobj/traversal.js';
import { REMOTE_APPS } from '../conformance/workers.js';
import { REPO_ROOT } from '../repo-root.js';
import { composeErrors, composeFaults } from './compose-scenarios.js';
import { consoleScenarios } from './console-scenarios.js';
import { natsScenarios } from './nats-scenarios.js';
import { httpScenarios } from './net-http-scenarios.js';
import { wsScenarios } from './net-ws-scenarios.js';

const doc = readFileSync(join(REPO_ROOT, 'docs', 'errors.md'), 'utf8');

function section(code: string): string {
  const start = doc.indexOf(`### \`${code}\``);
  assert.ok(start >= 0, `no section for ${code}`);
  const next = doc.slice(start + 4).search(/^#{2,3} /m);
  return next < 0 ? doc.slice(start) : doc.slice(start, start + 4 + next);
}

const workerFsm = {
  eventList: ['EV_START', 'EV_DONE: output'],
  stateList: ['ST_IDLE', 'ST_BUSY'],
  machine: { ST_IDLE: [['EV_START', null, 'ST_BUSY']], ST_BUSY: [] },
} as const;

function positive(value: number): number {
  if (!(value > 0)) throw new Error('must be > 0');
  return value;
}

const workerConfig = {
  seconds: { type: 'float', default: 1, validate: positive, description: '' },
} as const satisfies GConfigTemplate;

class Worker extends GObj<typeof workerFsm, typeof workerConfig> {
  static override fsm = checkFsm(workerFsm);
  static override gconfig = workerConfig;
}

function world() {
  const gaplic = new GAplic({ name: 'app', logger: silentLogger });
  const w1 = gaplic.createGObj('w1', Worker, gaplic);
  return { gaplic, w1 };
}

/** An action that runs the loop from inside the loop. */
function acRunOnce(gobj: GObj): void {
  (gobj.gaplic as GAplic).runOnce();
}

const runnerFsm = {
  eventList: ['EV_RUN'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_RUN', acRunOnce, null]] },
} as const;

class Runner extends GObj<typeof runnerFsm> {
  static override fsm = runnerFsm;
}

/** A gaplic whose one callback queues itself again: it never runs out of work. */
function neverIdle(): GAplic {
  const gaplic = new GAplic({ name: 'app', logger: silentLogger });
  const again = (): void => gaplic.addCallback(again);
  gaplic.addCallback(again);
  return gaplic;
}

function machine(fsm: unknown): () => unknown {
  return () => new SMachine(fsm as FsmDescriptor);
}

const template = (entry: unknown) => () => new GConfig({ port: entry } as never);

/** `sendEventOutside` from a gaplic 'app' (role 'front') whose 'client' has a unique name. */
function outside(...args: Parameters<GAplic['sendEventOutside']>): () => void {
  return () => {
    const gaplic = new GAplic({ name: 'app', roles: ['front'], logger: silentLogger });
    gaplic.createGObj('client', Worker, gaplic, { uniqueName: true });
    gaplic.sendEventOutside(...args);
  };
}

/** A module that ends its thread while it is imported (before any gaplic is built). */
const EXITS_ON_IMPORT = 'data:text/javascript,process.exit(7)';

/** The compiled sources the tests run (build/src, or the outDir they were compiled to). */
const BUILT_SRC = fileURLToPath(new URL('../../src', import.meta.url));

/** Ports that servers of the scenario under way listen on (shown as the router's default). */
const serverPorts = new Set<number>();
const SHOWN_SERVER_PORT = 2690;
const ws = wsScenarios(
  () => new GAplic({ name: 'app', logger: silentLogger }),
  (port) => serverPorts.add(port),
);
const http = httpScenarios(
  () => new GAplic({ name: 'app', logger: silentLogger }),
  (port) => serverPorts.add(port),
);
/** The port a peer connects from, as shown (the system picks one). */
const SHOWN_CLIENT_PORT = 52814;
/** Ports of the nats-servers of the scenario under way (shown as NATS's default, 4222). */
const natsPorts = new Set<number>();
const SHOWN_NATS_PORT = 4222;
const nats = natsScenarios(
  (port) => natsPorts.add(port),
  (body) => onPlatform('none', body),
);

/**
 * A message as the doc shows it: with the paths of an application in /app (its module
 * there, ginsfsm installed in its node_modules) instead of those of this repository, and
 * with the loopback ports of a router server on the default port 2690 and of a peer
 * connecting from port 52814 instead of those the system gave.
 */
function asShown(message: string): string {
  return message
    .replaceAll(BUILT_SRC, '/app/node_modules/ginsfsm/dist')
    .replaceAll(dirname(REMOTE_APPS), '/app')
    .replace(/127\.0\.0\.1:(\d+)/g, (_, port: string) =>
      natsPorts.has(Number(port)) || Number(port) === SHOWN_NATS_PORT
        ? `127.0.0.1:${SHOWN_NATS_PORT}`
        : `127.0.0.1:${serverPorts.has(Number(port)) || Number(port) === SHOWN_SERVER_PORT ? SHOWN_SERVER_PORT : SHOWN_CLIENT_PORT}`,
    );
}

// ---- the router over WebSocket: peers and platforms -----------------------------------

/** Notes a server of the scenario (its port is shown as 2690). */
function listened(server: WsServer | null): WsServer {
  assert.ok(server !== null, 'the router is no server');
  serverPorts.add(server.port);
  return server;
}

/** A loopback port nothing listens on (it was free a moment ago). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  serverPorts.add(port);
  return port;
}

/** Waits (real time) until `condition` holds, draining the gaplics meanwhile. */
async function until(condition: () => boolean, ...gaplics: GAplic[]): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    assert.ok(Date.now() < deadline, `still waiting for ${String(condition)}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
    for (const gaplic of gaplics) drain(gaplic);
  }
}

/** The code and reason `ws` is closed with, once it is (draining the gaplic meanwhile). */
async function closeOf(ws: WebSocket, gaplic: GAplic): Promise<[number, string]> {
  let closed: [number, string] | undefined;
  ws.once('close', (code, reason) => (closed = [code, reason.toString()]));
  await until(() => closed !== undefined, gaplic);
  return closed!;
}

/** Destroys the router of `gaplic` and waits until its server, if any, is closed. */
async function stopRouter(gaplic: GAplic): Promise<void> {
  const router = routerOf(gaplic);
  const server = await router.listening?.catch(() => null);
  destroyGObj(router);
  await server?.close();
}

/** A gaplic 'Store' (role 'db') on real time, its router listening on a free port. */
async function storeServer(): Promise<{ server: WsServer; stop(): Promise<void> }> {
  const store = new GAplic({
    name: 'Store',
    roles: ['db'],
    logger: silentLogger,
    settings: { 'router.server': true, 'router.port': 0 },
  });
  const server = listened(await routerOf(store).listening);
  const running = store.start();
  return {
    server,
    stop: async () => {
      await stopRouter(store);
      store.stop();
      await running;
    },
  };
}

interface RawPeer {
  readonly url: string;
  /** The connections it accepted. */
  readonly sockets: WebSocket[];
  /** The messages it received. */
  readonly received: { readonly message_type: string }[];
  close(): Promise<void>;
}

/**
 * A bare `ws` server that plays a router 'Store' (role 'db', protocol v2): it answers an
 * identity card with its ack (not with `ack: false`) and nothing else; it does not answer
 * pings with `autoPong: false`.
 */
async function rawPeer(options: { ack?: boolean; autoPong?: boolean } = {}): Promise<RawPeer> {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    autoPong: options.autoPong ?? true,
  });
  await once(wss, 'listening');
  const { port } = wss.address() as AddressInfo;
  serverPorts.add(port);
  const peer: RawPeer = {
    url: `ws://127.0.0.1:${port}`,
    sockets: [],
    received: [],
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
  wss.on('connection', (ws) => {
    peer.sockets.push(ws);
    ws.on('message', (data) => {
      // A text frame of protocol v2 (one Buffer, as ws gives it): a JSON array of messages.
      const batch = JSON.parse((data as Buffer).toString('utf8')) as { message_type: string }[];
      for (const message of batch) {
        peer.received.push(message);
        if (message.message_type !== '__identity_card__' || options.ack === false) continue;
        const ack = {
          message_type: '__identity_card_ack__',
          my_gaplic_name: 'Store',
          my_roles: ['db'],
          protocol: 2,
          session: '5e55'.repeat(8),
          max_frame: 1024 * 1024,
        };
        ws.send(JSON.stringify([ack]));
      }
    });
  });
  return peer;
}

/** A client `ws` of a router server, open, offering protocol v2. */
async function rawClient(server: WsServer): Promise<WebSocket> {
  const ws = new WebSocket(server.url, [SUBPROTOCOL_V2]);
  await once(ws, 'open');
  return ws;
}

/** The compiled core entry: without the node entry, nothing registers `ws`. */
const CORE_ENTRY = new URL('../../src/index.js', import.meta.url).href;

/**
 * Runs `body` in a child process that imports only the core entry, on a platform with no
 * WebSocket at all (`'none'`: Node 20) or with a browser's (`'browser'`: a WebSocket
 * client, no server), and throws again, here, the coded error it threw there.
 */
async function onPlatform(platform: 'none' | 'browser', body: string): Promise<void> {
  const setup =
    platform === 'none'
      ? 'delete globalThis.WebSocket;'
      : 'globalThis.WebSocket = class WebSocket {};';
  const script = `${setup}
const { GAplic, routerOf, silentLogger } = await import(${JSON.stringify(CORE_ENTRY)});
try {
  ${body}
} catch (error) {
  process.stdout.write(JSON.stringify({ name: error.name, code: error.code, message: error.message }));
}`;
  const run = promisify(execFile);
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
  if (stdout === '') return; // it threw nothing
  const error = JSON.parse(stdout) as { name: string; code: string; message: string };
  assert.equal(error.name, 'RouterError');
  throw new RouterError(error.code as never, error.message);
}

// ---- the networking gobjs (Node): real sockets on 127.0.0.1 -----------------------------

const TLS_DIR = join(REPO_ROOT, 'test', 'fixtures', 'tls');

/** A raw TCP server on a free port (shown as 2690) that gives each connection to `onSocket`. */
async function rawTcpServer(
  onSocket: (socket: Socket) => void = () => {},
): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    onSocket(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  serverPorts.add(port);
  return {
    port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A gaplic on real time with a parent for the networking gobjs of an error scenario. */
function netApp(): { app: GAplic; parent: GObj } {
  const app = new GAplic({ name: 'app', logger: silentLogger });
  return { app, parent: app.createGObj('client', GObj, null) };
}

/** One scenario per documented message: the code it must throw, and how. */
const SCENARIOS: [ErrorCode, () => unknown][] = [
  ['MACHINE_NOT_AN_OBJECT', machine([1, 2, 3])],
  ['MACHINE_BAD_SHAPE', machine({ eventList: 'EV_A', stateList: [], machine: {} })],
  ['MACHINE_BAD_SHAPE', machine({ eventList: [], stateList: [''], machine: {} })],
  [
    'MACHINE_BAD_SHAPE',
    machine({ eventList: [], stateList: ['ST_IDLE'], machine: { ST_IDLE: 3 } }),
  ],
  ['MACHINE_BAD_SHAPE', machine({ eventList: [': output'], stateList: [], machine: {} })],
  [
    'MACHINE_BAD_ROW',
    machine({ eventList: ['EV_A'], stateList: ['ST_A'], machine: { ST_A: [['EV_A', null]] } }),
  ],
  [
    'MACHINE_UNDECLARED_STATE',
    machine({
      eventList: ['EV_A'],
      stateList: ['ST_A'],
      machine: { ST_A: [['EV_A', null, null]], ST_B: [] },
    }),
  ],
  [
    'MACHINE_UNDESCRIBED_STATE',
    machine({
      eventList: ['EV_A'],
      stateList: ['ST_A', 'ST_B'],
      machine: { ST_A: [['EV_A', null, null]] },
    }),
  ],
  [
    'MACHINE_DUPLICATED_STATE',
    machine({
      eventList: ['EV_A'],
      stateList: ['ST_A', 'ST_A'],
      machine: { ST_A: [['EV_A', null, null]] },
    }),
  ],
  [
    'MACHINE_UNDECLARED_EVENT',
    machine({
      eventList: ['EV_A'],
      stateList: ['ST_A'],
      machine: {
        ST_A: [
          ['EV_A', null, null],
          ['EV_B', null, null],
        ],
      },
    }),
  ],
  [
    'MACHINE_UNUSED_EVENT',
    machine({
      eventList: ['EV_A', 'EV_B'],
      stateList: ['ST_A'],
      machine: { ST_A: [['EV_A', null, null]] },
    }),
  ],
  [
    'MACHINE_DUPLICATED_EVENT',
    machine({
      eventList: ['EV_A', 'EV_A: output'],
      stateList: ['ST_A'],
      machine: { ST_A: [['EV_A', null, null]] },
    }),
  ],
  [
    'MACHINE_DUPLICATED_TRANSITION',
    machine({
      eventList: ['EV_A'],
      stateList: ['ST_A'],
      machine: {
        ST_A: [
          ['EV_A', null, null],
          ['EV_A', null, null],
        ],
      },
    }),
  ],
  [
    'MACHINE_UNKNOWN_NEXT_STATE',
    machine({
      eventList: ['EV_A'],
      stateList: ['ST_A'],
      machine: { ST_A: [['EV_A', null, 'ST_X']] },
    }),
  ],
  ['MACHINE_BAD_ARGUMENT', () => setGlobalTraceMach('on' as never)],
  [
    'MACHINE_ACTION_NOT_CALLABLE',
    machine({
      eventList: ['EV_A'],
      stateList: ['ST_A'],
      machine: { ST_A: [['EV_A', 'acA', null]] },
    }),
  ],
  ['EVENT_BAD_TYPE', () => new SMachine(workerFsm).injectEvent(42 as never)],
  ['EVENT_BAD_TYPE', () => world().w1.sendEvent(world().w1, 42 as never)],
  ['EVENT_BAD_TYPE', () => world().w1.subscribeEvent([42 as never], null)],
  ['EVENT_BAD_DECLARATION', () => parseEventDeclaration(5 as never)],
  ['EVENT_BAD_DECLARATION', () => filterEventAttrs('EV_A' as never)],
  ['EVENT_NOT_OUTPUT', () => world().w1.subscribeEvent('EV_START' as never, null)],
  ['STATE_BAD_TYPE', () => world().w1.setNewState(1 as never)],
  ['STATE_UNKNOWN', () => world().w1.setNewState('ST_Z' as never)],
  ['GOBJ_BAD_GCLASS', () => createGObj('x', {} as never, null)],
  ['GOBJ_BAD_NAME', () => createGObj(42 as never, GObj, null)],
  [
    'GOBJ_BAD_PARENT',
    () => {
      const { gaplic } = world();
      const dead = gaplic.createGObj('dead', GObj, gaplic);
      destroyGObj(dead);
      return createGObj('x', GObj, dead);
    },
  ],
  ['GOBJ_BAD_PARENT', () => new GAplic({ name: 'other' }).createGObj('x', GObj, world().w1)],
  [
    'GOBJ_ALREADY_HAS_PARENT',
    () => {
      const { gaplic, w1 } = world();
      const c = new GObj();
      c.name = 'c';
      attachChild(w1, c);
      attachChild(gaplic, c);
    },
  ],
  [
    'GOBJ_UNIQUE_NAME_TAKEN',
    () => {
      const { gaplic } = world();
      gaplic.createGObj('db', GObj, gaplic, { uniqueName: true });
      gaplic.createGObj('db', GObj, gaplic, { uniqueName: true });
    },
  ],
  [
    'GOBJ_UNIQUE_NAME_EMPTY',
    () => world().gaplic.createGObj(null, Worker, null, { uniqueName: true }),
  ],
  ['GOBJ_UNKNOWN_UNIQUE_NAME', () => world().w1.sendEvent('nobody', 'EV_START')],
  [
    'GOBJ_UNKNOWN_UNIQUE_NAME',
    () => {
      setGlobalMainGAplic(world().gaplic);
      postEventFromOutside('app', 'x', 'EV_A');
    },
  ],
  ['GOBJ_BAD_DESTINATION', () => world().w1.sendEvent(42 as unknown as GObj, 'EV_START')],
  ['GOBJ_BAD_DESTINATION', () => destroyGObj('x' as never)],
  ['GOBJ_BAD_SUBSCRIBER', () => world().w1.subscribeEvent('EV_DONE', 42 as never)],
  [
    'GOBJ_BAD_SUBSCRIPTION_OPTION',
    () => world().w1.subscribeEvent('EV_DONE', null, { usePost: true } as never),
  ],
  [
    'GOBJ_BAD_SUBSCRIPTION_OPTION',
    () => world().w1.subscribeEvent('EV_DONE', null, { usePostEvent: 'yes' } as never),
  ],
  ['GOBJ_BAD_KW', () => createGObj('x', GObj, null, 'a=1' as never)],
  [
    'GOBJ_DESTROYED',
    () => {
      const { gaplic, w1 } = world();
      const gone = gaplic.createGObj('gone', Worker, gaplic);
      destroyGObj(gone);
      w1.subscribeEvent('EV_DONE', gone);
    },
  ],
  [
    'GOBJ_NO_GAPLIC',
    () => {
      const lone = new GObj();
      lone.name = 'lone';
      lone.postEvent(lone, 'EV_START');
    },
  ],
  ['GOBJ_NO_GAPLIC', () => createGObj('u', GObj, null, { uniqueName: true })],
  [
    'GOBJ_NO_GAPLIC',
    () => {
      const timer = createGObj('timer', GTimer, new GObj()); // a tree outside any gaplic
      timer.sendEvent(timer, 'EV_SET_TIMER', { seconds: 1 });
    },
  ],
  ['GOBJ_BAD_ARGUMENT', () => world().w1.setOwnedEventFilter(42 as never)],
  ['GCONFIG_TEMPLATE_NOT_AN_OBJECT', () => new GConfig('' as never)],
  [
    'GCONFIG_TEMPLATE_BAD_NAME',
    () => new GConfig({ '': { type: 'str', default: null, description: '' } }),
  ],
  ['GCONFIG_TEMPLATE_BAD_ENTRY', template({ type: 'int', default: 1 })],
  ['GCONFIG_TEMPLATE_BAD_ENTRY', template({ type: 'int', default: 1, description: '', dflt: 2 })],
  ['GCONFIG_TEMPLATE_BAD_TYPE', template({ type: 'integer', default: 1, description: '' })],
  ['GCONFIG_TEMPLATE_BAD_FLAG', template({ type: 'int', default: 1, description: '', flag: '1' })],
  [
    'GCONFIG_TEMPLATE_BAD_VALIDATOR',
    template({ type: 'int', default: 1, description: '', validate: 'x' }),
  ],
  ['GCONFIG_TEMPLATE_BAD_DESCRIPTION', template({ type: 'int', default: 1, description: 3 })],
  [
    'GCONFIG_INVALID_VALUE',
    () => world().gaplic.createGObj('w1', Worker, null, { seconds: 'soon' }),
  ],
  [
    'GCONFIG_INVALID_VALUE',
    () => world().gaplic.createGObj('w1', Worker, null, { traceMach: 'maybe' }),
  ],
  ['GCONFIG_INVALID_VALUE', () => world().gaplic.createGObj('w1', Worker, null, { seconds: '0' })],
  ['GCONFIG_INVALID_VALUE', () => asBool('maybe')],
  [
    'GCONFIG_INVALID_VALUE',
    () => {
      const { gaplic, w1 } = world();
      gaplic.createGObj('timer', GTimer, w1, { subscriber: 'app:nobody' });
    },
  ],
  [
    'GCONFIG_UNKNOWN_PARAMETER',
    () => world().gaplic.createGObj('w1', Worker, null, { prot: 1 } as never),
  ],
  ['GCONFIG_BAD_ARGUMENT', () => world().w1.readParameter(5 as never)],
  ['GCONFIG_BAD_KW', () => world().w1.writeParameters(null as never)],
  ['GAPLIC_BAD_OPTION', () => new GAplic({ queueBatchSize: 0 })],
  ['GAPLIC_BAD_OPTION', () => new GAplic({ roles: [''] })],
  ['GAPLIC_BAD_OPTION', () => new GAplic({ settings: { '.x': 1 } })],
  ['GAPLIC_UNKNOWN_OPTION', () => new GAplic({ nmae: 'x' } as never)],
  ['GAPLIC_BAD_TIMEOUT', () => world().gaplic.addTimeout(-1, () => {})],
  ['GAPLIC_BAD_TIMEOUT', () => world().gaplic.addTimeout(0, () => {}, true)],
  ['GAPLIC_BAD_TIMEOUT', () => new Callback(() => {}, 0, world().gaplic)],
  ['GAPLIC_BAD_TIMEOUT', () => new TestClock().advance(-1)],
  ['GAPLIC_BAD_CALLBACK', () => world().gaplic.addCallback('f' as never)],
  ['GAPLIC_BAD_CALLBACK', () => new Deferred('r', 'f' as never)],
  ['GAPLIC_BAD_CALLBACK', () => new Callback('f' as never, 1, world().gaplic)],
  ['GAPLIC_BAD_ARGUMENT', () => drain({} as never)],
  [
    'GAPLIC_REENTRANT_RUN',
    () => {
      const { gaplic } = world();
      const runner = gaplic.createGObj('runner', Runner, gaplic);
      gaplic.sendEvent(runner, 'EV_RUN');
    },
  ],
  [
    'GAPLIC_REENTRANT_RUN',
    () => {
      const clock = new TestClock();
      clock.setTimer(() => clock.advance(1), 0.5);
      clock.advance(1);
    },
  ],
  ['GAPLIC_NEVER_IDLE', () => drain(neverIdle(), 5)],
  [
    'GAPLIC_QUEUE_FULL',
    () => {
      const gaplic = new GAplic({ name: 'app', logger: silentLogger, maxQueueLength: 2 });
      for (let i = 0; i < 3; i++) gaplic.postEvent(gaplic, 'EV_DATA');
    },
  ],
  ['GAPLIC_UNKNOWN_GAPLIC', () => postEventFromOutside('nope', 'x', 'EV_A')],
  ['ROUTER_BAD_ARGUMENT', outside(5 as never, '', 'db', 'EV_GET', 'client')],
  ['ROUTER_BAD_ARGUMENT', outside('', '', 'db', 'EV_GET', 'client')],
  ['ROUTER_TO_SELF', outside('app', '', 'db', 'EV_GET', 'client')],
  ['ROUTER_TO_SELF', outside('', 'front', 'db', 'EV_GET', 'client')],
  [
    'ROUTER_BAD_ORIGIN_ROLE',
    outside('Store', '', 'db', 'EV_GET', 'client', {}, { originRole: 'back' }),
  ],
  ['ROUTER_BAD_SUBSCRIBER', outside('Store', '', 'db', 'EV_GET', 'nobody')],
  [
    'ROUTER_BAD_SUBSCRIBER',
    () => {
      const { gaplic, w1 } = world(); // w1 has no unique name
      gaplic.sendEventOutside('Store', '', 'db', 'EV_GET', w1);
    },
  ],
  ['ROUTER_KW_CANNOT_CROSS', outside('Store', '', 'db', 'EV_GET', 'client', { onDone: () => {} })],
  ['ROUTER_KW_CANNOT_CROSS', outside('Store', '', 'db', 'EV_GET', 'client', { when: new Date() })],
  ['ROUTER_KW_CANNOT_CROSS', outside('Store', '', 'db', 'EV_GET', 'client', 'k1' as never)],
  ['WORKER_BAD_SPEC', () => setupGAplicThread({ module: REMOTE_APPS, name: '' })],
  [
    'WORKER_BAD_SPEC',
    () => setupGAplicProcess({ module: REMOTE_APPS, name: 'Calc', restart: 'sometimes' as never }),
  ],
  ['WORKER_BAD_SPEC', () => setupGAplicThread({ name: 'Calc' } as never)],
  [
    'WORKER_NAME_TAKEN',
    () => {
      setGlobalMainGAplic(world().gaplic);
      setupGAplicThread({ module: REMOTE_APPS, name: 'app' });
    },
  ],
  // Real worker threads: start() rejects once the worker has said why (or has exited).
  [
    'WORKER_MODULE_NOT_FOUND',
    () => setupGAplicThread({ module: '/nowhere/app.js', name: 'Calc' }).start(),
  ],
  [
    'WORKER_BAD_EXPORT',
    () => setupGAplicThread({ module: REMOTE_APPS, export: 'notAFactory', name: 'Calc' }).start(),
  ],
  [
    'WORKER_FACTORY_FAILED',
    () => setupGAplicThread({ module: REMOTE_APPS, export: 'brokenMain', name: 'Calc' }).start(),
  ],
  ['WORKER_EXITED', () => setupGAplicThread({ module: EXITS_ON_IMPORT, name: 'Calc' }).start()],
  // The router over WebSocket.
  ['ROUTER_BAD_STATIC_ROUTE', () => parseStaticRoutes('Store, db')],
  [
    'ROUTER_BAD_STATIC_ROUTE',
    () =>
      routerOf(world().gaplic).addStaticRoute({
        name: 'Store',
        roles: ['db'],
        urls: ['tcp://db.example:2690'],
      }),
  ],
  [
    'ROUTER_BAD_STATIC_ROUTE',
    () => routerOf(world().gaplic).addStaticRoute({ name: 'Store', roles: ['db'], urls: [] }),
  ],
  [
    'ROUTER_BAD_STATIC_ROUTE',
    () => {
      const { gaplic } = world();
      gaplic.sendEvent(routerOf(gaplic), 'EV_ADD_STATIC_ROUTE', {
        name: 'Store',
        roles: 'db',
        urls: ['ws://db.example:2690'],
      });
    },
  ],
  [
    'GCONFIG_INVALID_VALUE', // the validator of staticRoutes threw ROUTER_BAD_STATIC_ROUTE
    () =>
      routerOf(
        new GAplic({
          name: 'app',
          logger: silentLogger,
          settings: { 'router.staticRoutes': 'Store, db' },
        }),
      ),
  ],
  [
    'ROUTER_NO_WEBSOCKET',
    () =>
      onPlatform(
        'none',
        `routerOf(new GAplic({ name: 'app', logger: silentLogger, settings: { 'router.staticRoutes': 'Store, db, ws://db.example:2690' } }));`,
      ),
  ],
  [
    'ROUTER_NO_WEBSOCKET',
    () =>
      onPlatform(
        'none',
        `await routerOf(new GAplic({ name: 'app', logger: silentLogger, settings: { 'router.server': true } })).listening;`,
      ),
  ],
  [
    'ROUTER_SERVER_UNAVAILABLE',
    () =>
      onPlatform(
        'browser',
        `await routerOf(new GAplic({ name: 'app', logger: silentLogger, settings: { 'router.server': true } })).listening;`,
      ),
  ],
  [
    'ROUTER_SERVER_UNAVAILABLE',
    () =>
      browserWebSocketTransport.listen(
        { host: '127.0.0.1', port: 2690, maxFrame: 1024 * 1024, protocols: [SUBPROTOCOL_V2] },
        () => {},
      ),
  ],
  [
    'ROUTER_LISTEN_FAILED',
    async () => {
      const store = await storeServer();
      const app = new GAplic({
        name: 'app',
        logger: silentLogger,
        settings: { 'router.server': true, 'router.port': store.server.port },
      });
      try {
        await routerOf(app).listening; // the port is Store's
      } finally {
        destroyGObj(routerOf(app));
        await store.stop();
      }
    },
  ],
  [
    'ROUTER_LISTEN_FAILED',
    async () => {
      const app = new GAplic({
        name: 'app',
        logger: silentLogger,
        settings: {
          'router.server': true,
          'router.tlsCert': '/nowhere/cert.pem',
          'router.tlsKey': '/nowhere/key.pem',
        },
      });
      try {
        await routerOf(app).listening;
      } finally {
        destroyGObj(routerOf(app));
      }
    },
  ],
  [
    'NET_BAD_DATA',
    () => {
      const { app, parent } = netApp();
      app.createGObj('gsock', GSock, parent).send(42 as never);
    },
  ],
  [
    'NET_BAD_DESTINATION',
    () => {
      const { app, parent } = netApp();
      app.sendEvent(app.createGObj('gsock', GSock, parent), 'EV_CONNECT'); // port 0
    },
  ],
  [
    'NET_BAD_DESTINATION',
    () => {
      const { app, parent } = netApp();
      app.createGObj('connex', GConnex, parent); // no destinations
    },
  ],
  [
    'NET_BAD_TLS',
    () => {
      const { app, parent } = netApp();
      app.createGObj('server', GServerSock, parent, {
        tlsCert: '/nowhere/cert.pem',
        tlsKey: '/nowhere/key.pem',
      });
    },
  ],
  [
    'NET_BAD_TLS',
    () => {
      const { app, parent } = netApp();
      app.createGObj('server', GServerSock, parent, {
        tlsCert: join(TLS_DIR, 'cert.pem'),
        tlsKey: join(TLS_DIR, 'cert.pem'), // a certificate is no key
      });
    },
  ],
  [
    'NET_LISTEN_FAILED',
    async () => {
      const taken = await rawTcpServer();
      const { app, parent } = netApp();
      try {
        await app.createGObj('server', GServerSock, parent, { port: taken.port }).listening;
      } finally {
        destroyGObj(parent);
        await taken.close();
      }
    },
  ],
  ...ws.errors,
  ...composeErrors,
  ...nats.errors,
  ...http.errors,
  ...consoleScenarios((port) => serverPorts.add(port)),
];

/** What a scenario throws, or its promise rejects with. */
async function thrown(scenario: () => unknown): Promise<unknown> {
  try {
    await scenario();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('docs/errors.md messages', () => {
  afterEach(() => {
    resetGlobals();
    serverPorts.clear();
    natsPorts.clear();
  });

  for (const [index, [code, scenario]] of SCENARIOS.entries()) {
    test(`errors messages - ${code} #${index} is shown as thrown`, async () => {
      const error = await thrown(scenario);
      assert.ok(
        error instanceof GinsfsmError,
        `${code}: expected a GinsfsmError, got ${String(error)}`,
      );
      assert.equal(error.code, code);
      assert.equal(error.name, ERROR_CODES[code][0]);
      const shown = asShown(error.message);
      assert.ok(
        section(code).includes(`\`${shown}\``),
        `docs/errors.md, ${code}: show the message \`${shown}\``,
      );
    });
  }

  test('errors messages - every code but the reserved ones has a scenario', () => {
    const covered = new Set(SCENARIOS.map(([code]) => code));
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      if (covered.has(code)) continue;
      assert.match(section(code), /^Reserved: the current code does not throw it\./m, code);
    }
  });
});

// ---- faults -----------------------------------------------------------------------------

// docs/errors.md, "Faults": the example of onFault and faultCounts (shown verbatim there).
const logger = new CaptureLogger();
const seen: Fault[] = [];
const app = new GAplic({ name: 'app', logger, onFault: (fault) => seen.push(fault) });
const w1 = app.createGObj('w1', Worker, app);

assert.equal(app.sendEvent(w1, 'EV_DONE'), EventNotAccepted);
assert.deepEqual(logger.lines, [
  {
    level: 'warn',
    message: "Worker:w1: event 'EV_DONE' not accepted in state 'ST_IDLE' [EVENT_NOT_ACCEPTED]",
  },
]);
assert.deepEqual(seen, [
  {
    code: 'EVENT_NOT_ACCEPTED',
    level: 'warn',
    message: "Worker:w1: event 'EV_DONE' not accepted in state 'ST_IDLE'",
    gobj: 'Worker:w1',
    event: 'EV_DONE',
  },
]);
assert.deepEqual(app.faultCounts(), { EVENT_NOT_ACCEPTED: 1 });

function acSave(): never {
  throw new Error('disk full');
}

const saverFsm = {
  eventList: ['EV_DONE'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_DONE', acSave, null]] },
} as const;

const saverConfig = {
  format: {
    type: 'any',
    default: (record: unknown): string => JSON.stringify(record),
    description: 'How a record is written',
  },
} as const satisfies GConfigTemplate;

/** A subscriber that fails: its action throws, and so does its goOut(). */
class Saver extends GObj<typeof saverFsm, typeof saverConfig> {
  static override fsm = saverFsm;
  static override gconfig = saverConfig;
  override goOut(): void {
    throw new Error('file already closed');
  }
}

/** A gaplic 'app' on a TestClock with a Worker 'w1', capturing log lines and faults. */
interface Bench {
  readonly gaplic: GAplic;
  readonly clock: TestClock;
  readonly logger: CaptureLogger;
  readonly faults: Fault[];
  readonly w1: Worker;
}

function bench(options: GAplicOptions = {}): Bench {
  const clock = new TestClock();
  const logger = new CaptureLogger();
  const faults: Fault[] = [];
  const gaplic = new GAplic({
    name: 'app',
    clock,
    logger,
    onFault: (fault) => faults.push(fault),
    ...options,
  });
  return { gaplic, clock, logger, faults, w1: gaplic.createGObj('w1', Worker, gaplic) };
}

function saver(b: Bench): Saver {
  return b.gaplic.createGObj('saver', Saver, b.gaplic);
}

function timer(b: Bench): GTimer {
  return b.gaplic.createGObj('timer', GTimer, b.w1);
}

const boom = (): never => {
  throw new Error('disk full');
};

function acRecord(client: Client, event: GEvent): void {
  client.received.push(event);
}

const clientFsm = {
  eventList: ['EV_NACK', 'EV_DONE'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_NACK', acRecord, null],
      ['EV_DONE', acRecord, null],
    ],
  },
} as const;

/** A gobj that talks to other gaplics: it records the nacks and broadcasts it receives. */
class Client extends GObj<typeof clientFsm> {
  static override fsm = checkFsm(clientFsm);
  readonly received: GEvent[] = [];
}

/** A route of the bench's router to a peer over a memory link, and the peer's end of it. */
function peer(b: Bench, name: string): { route: Route; end: Link } {
  const [here, there] = createMemoryLinkPair();
  return { route: routerOf(b.gaplic).addRoute(here, { name }), end: there };
}

/** Lets the links deliver their batches, draining the gaplics after each turn. */
async function settle(...gaplics: GAplic[]): Promise<void> {
  for (let turn = 0; turn < 5; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    for (const gaplic of gaplics) drain(gaplic);
  }
}

/** Makes the bench's gaplic (on real time) the main gaplic that workers report to. */
function mainGAplic(b: Bench): Client {
  setGlobalMainGAplic(b.gaplic);
  void b.gaplic.start();
  return b.gaplic.createGObj('client', Client, b.gaplic, { uniqueName: true });
}

/** A static route of the bench's router, named `name` with `roles`, to a real 'Store'. */
async function staticRouteToStore(b: Bench, name: string, roles: string[]): Promise<void> {
  const store = await storeServer();
  try {
    const route = routerOf(b.gaplic).addStaticRoute({ name, roles, urls: [store.server.url] });
    await until(() => route.state === 'up', b.gaplic);
    assert.equal(route.name, 'Store');
  } finally {
    await stopRouter(b.gaplic);
    await store.stop();
  }
}

/** One scenario per documented log line: the fault it must report, and how. */
const FAULT_SCENARIOS: [FaultCode, (b: Bench) => void | Promise<void>, GAplicOptions?][] = [
  [
    'EVENT_NOT_ACCEPTED',
    (b) => {
      b.gaplic.sendEvent(b.w1, 'EV_START'); // ST_IDLE -> ST_BUSY
      assert.equal(b.gaplic.sendEvent(b.w1, 'EV_START'), EventNotAccepted);
    },
  ],
  [
    'EVENT_UNKNOWN',
    (b) => assert.equal(b.gaplic.sendEvent(b.w1, 'EV_STRAT' as never), EventNotAccepted),
  ],
  [
    'EVENT_TO_DESTROYED',
    (b) => {
      destroyGObj(b.w1);
      assert.equal(b.gaplic.sendEvent(b.w1, 'EV_START'), EventNotAccepted);
    },
  ],
  [
    'EVENT_TO_DESTROYED',
    (b) => {
      b.gaplic.postEvent(b.w1, 'EV_START');
      destroyGObj(b.w1);
      drain(b.gaplic);
    },
  ],
  [
    'EVENT_NO_UNIQUE_NAME',
    (b) => {
      b.w1.postEvent('nobody', 'EV_START');
      drain(b.gaplic);
    },
  ],
  ['BROADCAST_NOT_OUTPUT', (b) => b.w1.broadcastEvent('EV_START' as never)],
  [
    'DELIVERY_FAILED',
    (b) => {
      const received: string[] = [];
      b.w1.subscribeEvent('EV_DONE', saver(b));
      b.w1.subscribeEvent('EV_DONE', new Deferred('log', () => received.push('EV_DONE')));
      b.w1.broadcastEvent('EV_DONE');
      assert.deepEqual(received, ['EV_DONE']); // the others got it
    },
  ],
  [
    'SUBSCRIBER_UNKNOWN_NAME',
    (b) => {
      b.w1.subscribeEvent('EV_DONE', 'audit');
      b.w1.broadcastEvent('EV_DONE');
      b.w1.broadcastEvent('EV_DONE'); // reported once
    },
  ],
  [
    'SUBSCRIPTION_REPLACED',
    (b) => {
      b.w1.subscribeEvent('EV_DONE', b.gaplic);
      b.w1.subscribeEvent('EV_DONE', b.gaplic, { usePostEvent: true });
      assert.equal(b.w1.getSubscriptions().length, 1);
    },
  ],
  [
    'SUBSCRIPTION_NOT_FOUND',
    (b) => assert.equal(b.w1.deleteSubscription('EV_DONE', b.gaplic), false),
  ],
  [
    'SUBSCRIPTION_HARD',
    (b) => {
      const s = b.w1.subscribeEvent('EV_DONE', b.gaplic, { hardSubscription: true });
      assert.equal(b.w1.deleteSubscriptionByObject(s), false);
    },
  ],
  [
    'PARAMETER_INVALID',
    (b) => {
      assert.equal(b.w1.writeParameter('seconds', 'soon'), false);
      assert.equal(b.w1.config.seconds, 1); // the old value is kept
    },
  ],
  ['PARAMETER_UNKNOWN', (b) => assert.equal(b.w1.readParameter('prot'), undefined)],
  ['PARAMETER_UNKNOWN', (b) => assert.equal(b.w1.writeParameter('prot', 1), false)],
  [
    'PARAMETER_KEEPS_FUNCTION',
    (b) => assert.equal(saver(b).writeParameter('format', 'json'), false),
  ],
  [
    'SETTING_UNMATCHED',
    (b) => {
      void b.gaplic.start();
      b.gaplic.stop();
    },
    { settings: { 'Wroker.seconds': 2 } },
  ],
  [
    'DESTROYED_TWICE',
    (b) => {
      destroyGObj(b.w1);
      destroyGObj(b.w1);
    },
  ],
  [
    'GO_OUT_FAILED',
    (b) => {
      const s = saver(b);
      destroyGObj(s);
      assert.ok(s.destroyed);
    },
  ],
  [
    'ACTION_FAILED',
    (b) => {
      b.w1.postEvent(saver(b), 'EV_DONE');
      drain(b.gaplic);
    },
  ],
  [
    'CALLBACK_FAILED',
    (b) => {
      b.gaplic.addCallback(boom);
      drain(b.gaplic);
    },
  ],
  [
    'TIMER_FAILED',
    (b) => {
      b.gaplic.addTimeout(1, boom);
      advanceAndDrain(b.gaplic, b.clock, 1);
    },
  ],
  [
    'HOOK_FAILED',
    (b) => {
      b.gaplic.mtSubprocess = boom;
      b.gaplic.runOnce();
    },
  ],
  [
    'REPORTER_FAILED',
    (b) => {
      b.gaplic.addCallback(boom);
      drain(b.gaplic);
    },
    {
      onError: () => {
        throw new Error('pager unreachable');
      },
    },
  ],
  [
    'GAPLIC_NEVER_STARTED',
    (b) => {
      b.w1.postEvent(b.w1, 'EV_START');
      b.clock.flush(); // the end of the turn
    },
  ],
  [
    'GAPLIC_STOPPED_WITH_QUEUE',
    (b) => {
      void b.gaplic.start();
      b.w1.postEvent(b.w1, 'EV_START');
      b.gaplic.stop();
      assert.equal(b.gaplic.queueLength, 1); // kept
    },
  ],
  [
    'GTIMER_BAD_SECONDS',
    (b) => {
      const t = timer(b);
      b.gaplic.sendEvent(t, 'EV_SET_TIMER', { seconds: 'soon' });
      assert.equal(t.armed, false);
    },
  ],
  [
    'GTIMER_UNKNOWN_KEYS',
    (b) => {
      const t = timer(b);
      b.gaplic.sendEvent(t, 'EV_SET_TIMER', { seconds: 1, periodic: true });
      assert.equal(t.armed, true);
    },
  ],
  ['DEFERRED_NOT_FOUND', (b) => assert.equal(b.gaplic.deferredList.call('login'), undefined)],
  [
    'NACK_NOT_ACCEPTED',
    (b) => {
      b.w1.uniqueName = true; // a subscriber of outside events needs one
      b.gaplic.sendEventOutside('Store', '', 'db', 'EV_GET', b.w1, { key: 'k1' }); // no route
      drain(b.gaplic);
    },
  ],
  [
    'MESSAGE_MALFORMED',
    async (b) => {
      peer(b, 'Store').end.send([{ message_type: '__hello__' }] as never);
      await settle(b.gaplic);
    },
  ],
  [
    'MESSAGE_MALFORMED',
    async (b) => {
      peer(b, 'Store').end.send([{ message_type: '__event__', serial: 1 }] as never);
      await settle(b.gaplic);
    },
  ],
  [
    'MESSAGE_MALFORMED',
    async (b) => {
      peer(b, 'Store').end.send('hello' as never);
      await settle(b.gaplic);
    },
  ],
  [
    'SUBSCRIPTION_KW_CANNOT_CROSS',
    async (b) => {
      const db = b.gaplic.createGObj('db', Worker, b.gaplic, { uniqueName: true });
      const front = new GAplic({ name: 'Front', clock: b.clock, logger: silentLogger });
      const client = front.createGObj('client', Client, front, { uniqueName: true });
      routerOf(front).addRoute(peer(b, 'Front').end, { name: 'app' });
      front.subscribeEventOutside('app', '', 'db', 'EV_DONE', client);
      await settle(b.gaplic, front);
      assert.equal(routerOf(b.gaplic).report().externalSubscriptions, 1);
      db.broadcastEvent('EV_DONE', { format: (record: unknown) => JSON.stringify(record) });
      await settle(b.gaplic, front);
      assert.deepEqual(client.received, []); // not sent
      assert.equal(routerOf(b.gaplic).report().externalSubscriptions, 1); // it stays
    },
  ],
  [
    'ROUTE_DOWN',
    (b) => {
      const client = b.gaplic.createGObj('client', Client, b.gaplic, { uniqueName: true });
      const { route } = peer(b, 'Store');
      b.gaplic.sendEventOutside('Store', '', 'db', 'EV_GET', client, { key: 'k1' });
      routerOf(b.gaplic).removeRoute(route, 'link closed'); // before Store answered
      drain(b.gaplic);
      assert.deepEqual(
        client.received.map((event) => [event.eventName, event.kw]),
        [
          [
            'EV_NACK',
            {
              event_name: 'EV_GET',
              error_message: 'link closed',
              destination_gaplic: 'Store',
              destination_role: '',
              destination_gobj: 'db',
              kw: { key: 'k1' },
            },
          ],
        ],
      );
    },
  ],
  [
    'LINK_LOST',
    async (b) => {
      const peer = await rawPeer();
      const client = b.gaplic.createGObj('client', Client, b.gaplic, { uniqueName: true });
      try {
        const route = routerOf(b.gaplic).addStaticRoute({ name: 'Store', urls: [peer.url] });
        await until(() => route.state === 'up', b.gaplic);
        b.gaplic.sendEventOutside('Store', '', 'db', 'EV_GET', client, { key: 'k1' });
        await until(() => peer.received.some((m) => m.message_type === '__event__'), b.gaplic);
        peer.sockets[0]!.terminate(); // its host is gone: no close frame
        await until(() => route.state === 'holding', b.gaplic);
        assert.equal(route.inflight, 1); // kept for the next connection
        assert.deepEqual(client.received, []); // not nacked
      } finally {
        await stopRouter(b.gaplic);
        await peer.close();
      }
    },
  ],
  [
    'ROUTE_CONNECT_FAILED',
    async (b) => {
      const port = await freePort();
      try {
        routerOf(b.gaplic).addStaticRoute({
          name: 'Store',
          roles: ['db'],
          urls: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`],
        });
        await until(() => b.faults.length > 0, b.gaplic);
      } finally {
        await stopRouter(b.gaplic);
      }
    },
  ],
  ['ROUTE_NAME_MISMATCH', (b) => staticRouteToStore(b, 'Stroe', ['db'])],
  ['ROUTE_ROLE_MISSING', (b) => staticRouteToStore(b, 'Store', ['db', 'cache'])],
  [
    'PEER_REFUSED',
    async (b) => {
      const ws = await rawClient(listened(await routerOf(b.gaplic).listening));
      try {
        const card = {
          message_type: '__identity_card__',
          my_gaplic_name: 'Front',
          my_roles: ['front'],
          protocol: 2,
          token: 'guess',
        };
        ws.send(JSON.stringify([card]));
        assert.deepEqual(await closeOf(ws, b.gaplic), [1008, 'authentication failed: wrong token']);
        assert.deepEqual(routerOf(b.gaplic).routes, []); // nothing of it stays
      } finally {
        ws.terminate();
        await stopRouter(b.gaplic);
      }
    },
    { settings: { 'router.server': true, 'router.port': 0, 'router.authToken': 'secret' } },
  ],
  [
    'HANDSHAKE_TIMEOUT',
    async (b) => {
      const peer = await rawPeer({ ack: false });
      try {
        routerOf(b.gaplic).addStaticRoute({ name: 'Store', roles: ['db'], urls: [peer.url] });
        await until(() => peer.received.length > 0, b.gaplic); // our identity card
        advanceAndDrain(b.gaplic, b.clock, 10); // router.identityTimeout
      } finally {
        await stopRouter(b.gaplic);
        await peer.close();
      }
    },
  ],
  [
    'HANDSHAKE_TIMEOUT',
    async (b) => {
      const router = routerOf(b.gaplic);
      const ws = await rawClient(listened(await router.listening)); // it says nothing
      try {
        await until(() => router.routes.length === 1, b.gaplic);
        advanceAndDrain(b.gaplic, b.clock, 10); // router.identityTimeout
        assert.deepEqual(await closeOf(ws, b.gaplic), [1008, 'no identity card within 10 s']);
      } finally {
        ws.terminate();
        await stopRouter(b.gaplic);
      }
    },
    { settings: { 'router.server': true, 'router.port': 0 } },
  ],
  [
    'HEARTBEAT_TIMEOUT',
    async (b) => {
      const peer = await rawPeer({ autoPong: false });
      try {
        const route = routerOf(b.gaplic).addStaticRoute({ name: 'Store', urls: [peer.url] });
        await until(() => route.state === 'up', b.gaplic);
        // Silent for router.heartbeat (20 s): pinged; for router.heartbeatTimeout (60 s): dropped.
        advanceAndDrain(b.gaplic, b.clock, 70);
        await until(() => route.state === 'holding', b.gaplic);
      } finally {
        await stopRouter(b.gaplic);
        await peer.close();
      }
    },
  ],
  [
    'LISTEN_FAILED',
    async (b) => {
      const store = await storeServer();
      try {
        const router = b.gaplic.createGObj('router', GRouter, b.gaplic, {
          uniqueName: true,
          server: true,
          port: store.server.port, // taken by Store's router
        });
        await assert.rejects(router.listening!, { code: 'ROUTER_LISTEN_FAILED' });
      } finally {
        await stopRouter(b.gaplic);
        await store.stop();
      }
    },
  ],
  [
    'WORKER_CRASHED',
    async (b) => {
      const client = mainGAplic(b);
      const calc = setupGAplicThread({ module: REMOTE_APPS, export: 'calcMain', name: 'Calc' });
      await calc.start();
      b.gaplic.sendEventOutside('Calc', '', 'adder', 'EV_EXIT', client); // it exits (code 3)
      assert.equal(await calc.join(5000), true);
      assert.equal(calc.status, 'crashed');
    },
    { clock: realClock },
  ],
  [
    'WORKER_STOP_TIMEOUT',
    async (b) => {
      mainGAplic(b);
      const stuck = setupGAplicThread({
        module: REMOTE_APPS,
        export: 'stuckMain', // a gobj whose goOut() never returns
        name: 'Stuck',
        stopTimeout: 0.05,
      });
      await stuck.start();
      await stuck.stop();
      assert.equal(stuck.status, 'stopped');
    },
    { clock: realClock },
  ],
  [
    'WORKER_GAVE_UP',
    async (b) => {
      const client = mainGAplic(b);
      const calc = setupGAplicThread({
        module: REMOTE_APPS,
        export: 'calcMain',
        name: 'Calc',
        restart: 'on-crash',
        maxRestarts: 2,
        backoff: 0.01,
      });
      // Each time it is up, it is sent the event it exits on.
      calc.on('started', () => b.gaplic.sendEventOutside('Calc', '', 'adder', 'EV_EXIT', client));
      await calc.start();
      assert.equal(await calc.join(5000), true);
      assert.equal(calc.status, 'failed');
      assert.equal(calc.restarts, 2);
    },
    { clock: realClock },
  ],
  [
    'SOCK_CONNECT_FAILED',
    async (b) => {
      const port = await freePort();
      const gsock = b.gaplic.createGObj('gsock', GSock, b.w1);
      try {
        b.gaplic.sendEvent(gsock, 'EV_CONNECT', { port });
        await until(() => b.faults.length > 0, b.gaplic);
      } finally {
        destroyGObj(gsock);
      }
    },
  ],
  [
    'SOCK_PEER_RESET',
    async (b) => {
      const server = await rawTcpServer((socket) => setTimeout(() => socket.resetAndDestroy(), 5));
      const gsock = b.gaplic.createGObj('gsock', GSock, b.w1);
      try {
        b.gaplic.sendEvent(gsock, 'EV_CONNECT', { port: server.port });
        await until(() => b.faults.some((f) => f.code === 'SOCK_PEER_RESET'), b.gaplic);
      } finally {
        destroyGObj(gsock);
        await server.close();
      }
    },
  ],
  [
    'SOCK_ERROR',
    async (b) => {
      const server = b.gaplic.createGObj('server', GServerSock, b.w1, {
        tlsCert: join(TLS_DIR, 'cert.pem'),
        tlsKey: join(TLS_DIR, 'key.pem'),
      });
      const { port } = await server.listening;
      serverPorts.add(port);
      const plain = connect(port, '127.0.0.1', () => plain.write('GET / HTTP/1.1\r\n\r\n'));
      plain.on('error', () => {});
      try {
        await until(() => b.faults.some((f) => f.code === 'SOCK_ERROR'), b.gaplic);
      } finally {
        plain.destroy();
        destroyGObj(server);
        await server.closed();
      }
    },
  ],
  [
    'SOCK_NOT_CONNECTED',
    (b) => {
      const gsock = b.gaplic.createGObj('gsock', GSock, b.w1);
      b.gaplic.sendEvent(gsock, 'EV_SEND_DATA', { data: 'hello' });
    },
  ],
  [
    'SOCK_TX_OVERFLOW',
    async (b) => {
      const server = await rawTcpServer();
      const gsock = b.gaplic.createGObj('gsock', GSock, b.w1, { txQueueLimit: 65536 });
      try {
        b.gaplic.sendEvent(gsock, 'EV_CONNECT', { port: server.port });
        await until(() => gsock.connected, b.gaplic);
        assert.equal(gsock.write(Buffer.alloc(40000)), true);
        assert.equal(gsock.write(Buffer.alloc(40000)), false);
      } finally {
        destroyGObj(gsock);
        await server.close();
      }
    },
  ],
  [
    'SOCK_IDLE_TIMEOUT',
    async (b) => {
      const server = await rawTcpServer();
      const gsock = b.gaplic.createGObj('gsock', GSock, b.w1, { idleTimeout: 30 });
      try {
        b.gaplic.sendEvent(gsock, 'EV_CONNECT', { port: server.port });
        await until(() => gsock.connected, b.gaplic);
        advanceAndDrain(b.gaplic, b.clock, 30);
      } finally {
        destroyGObj(gsock);
        await server.close();
      }
    },
  ],
  [
    'SOCK_LISTEN_FAILED',
    async (b) => {
      const taken = await rawTcpServer();
      try {
        const server = b.gaplic.createGObj('server', GServerSock, b.w1, { port: taken.port });
        await assert.rejects(server.listening, { code: 'NET_LISTEN_FAILED' });
      } finally {
        await taken.close();
      }
    },
  ],
  [
    'SOCK_TOO_MANY_CONNECTIONS',
    async (b) => {
      const server = b.gaplic.createGObj('server', GServerSock, b.w1, { maxConnections: 1 });
      const { port } = await server.listening;
      serverPorts.add(port);
      const clients = [connect(port, '127.0.0.1')];
      try {
        await until(() => server.connections === 1, b.gaplic);
        clients.push(connect(port, '127.0.0.1'));
        await until(() => b.faults.some((f) => f.code === 'SOCK_TOO_MANY_CONNECTIONS'), b.gaplic);
      } finally {
        for (const client of clients) client.destroy();
        destroyGObj(server);
        await server.closed();
      }
    },
  ],
  [
    'CONNEX_QUEUE_FULL',
    (b) => {
      const connex = b.gaplic.createGObj('connex', GConnex, b.w1, {
        destinations: ['127.0.0.1:2690'],
        disabled: true,
        maxQueue: 10,
      });
      b.gaplic.sendEvent(connex, 'EV_SEND_DATA', { data: '123456' });
      b.gaplic.sendEvent(connex, 'EV_SEND_DATA', { data: '789012' });
    },
  ],
  ...ws.faults,
  ...composeFaults,
  ...nats.faults,
  ...http.faults,
];

/** A log line as the doc shows it: without the stack of the error it carries, if any. */
function withoutStack(line: string): string {
  return line.replace(/\n\s+at [\s\S]*(?= \[[A-Z0-9_]+\]$)/, '');
}

describe('docs/errors.md log lines', () => {
  afterEach(async () => {
    await shutdown();
    resetGlobals();
    serverPorts.clear();
    natsPorts.clear();
  });

  for (const [index, [code, scenario, options]] of FAULT_SCENARIOS.entries()) {
    test(`errors messages - fault ${code} #${index} is shown as logged`, async () => {
      const b = bench(options);
      await scenario(b);
      const fault = b.faults.find((f) => f.code === code);
      assert.ok(
        fault !== undefined,
        `${code}: not reported (got ${b.faults.map((f) => f.code).join(', ')})`,
      );
      const level = FAULT_CODES[code][0];
      assert.equal(fault.level, level);
      assert.ok((b.gaplic.faultCounts()[code] ?? 0) >= 1, `${code}: not counted`);
      const line = b.logger.messages(level).find((m) => m.endsWith(` [${code}]`));
      assert.ok(line !== undefined, `${code}: no '${level}' line ending with [${code}]`);
      if (fault.error === undefined) assert.equal(line, `${fault.message} [${code}]`);
      const shown = asShown(withoutStack(line));
      assert.ok(
        section(code).includes(`\`${shown}\``),
        `docs/errors.md, ${code}: show the log line \`${shown}\``,
      );
    });
  }

  test('errors messages - every fault code has a scenario', () => {
    const covered = new Set(FAULT_SCENARIOS.map(([code]) => code));
    const missing = (Object.keys(FAULT_CODES) as FaultCode[]).filter((c) => !covered.has(c));
    assert.deepEqual(missing, []);
  });

  test('errors messages - with onError, an uncaught error is not logged but still reaches onFault', () => {
    const errors: unknown[] = [];
    const b = bench({ onError: (error) => errors.push(error) });
    b.gaplic.addCallback(boom);
    drain(b.gaplic);
    assert.equal(errors.length, 1);
    assert.deepEqual(b.logger.lines, []);
    assert.deepEqual(
      b.faults.map((f) => [f.code, f.error]),
      [['CALLBACK_FAILED', errors[0]]],
    );
    assert.deepEqual(b.gaplic.faultCounts(), { CALLBACK_FAILED: 1 });
  });

  test('errors messages - a throwing onFault is logged as REPORTER_FAILED, and the gaplic goes on', () => {
    const b = bench({
      onFault: () => {
        throw new Error('console gone');
      },
    });
    assert.equal(b.gaplic.sendEvent(b.w1, 'EV_DONE'), EventNotAccepted);
    const lines = b.logger.lines.map((l) => `${l.level} ${withoutStack(l.message)}`);
    assert.deepEqual(lines, [
      "warn Worker:w1: event 'EV_DONE' not accepted in state 'ST_IDLE' [EVENT_NOT_ACCEPTED]",
      'error GAplic:app: onFault threw: Error: console gone [REPORTER_FAILED]',
    ]);
  });
});
