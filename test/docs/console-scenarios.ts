// The scenarios of docs/errors.md for gconsole, kept beside errors-messages.test.ts,
// which runs them: the parsers for a bad option or line, and a console session in this
// thread talking to a target gaplic 'Target' over real WebSockets on 127.0.0.1 (the port
// of its router shown as 2690, `noteServerPort`).
import { ConsoleSession } from '../../src/cli/gconsole-session.js';
import { parseCommand } from '../../src/cli/gconsole-command.js';
import { parseOptions } from '../../src/cli/gconsole-main.js';
import { GAplic, GObj, routerOf, silentLogger } from '../../src/node.js';
import type { ErrorScenario } from './scenario-types.js';

const counterFsm = {
  eventList: ['EV_GET: top input'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_GET', () => 0, null]] },
} as const;

class Counter extends GObj<typeof counterFsm> {
  static override fsm = counterFsm;
}

export function consoleScenarios(noteServerPort: (port: number) => void): ErrorScenario[] {
  /** Runs `body` with a console connected to a target (`inspect` its router parameter). */
  async function withTarget(
    inspect: boolean,
    body: (session: ConsoleSession, target: GAplic) => Promise<unknown>,
    timeout = 10,
  ): Promise<void> {
    const target = new GAplic({
      name: 'Target',
      roles: ['target'],
      logger: silentLogger,
      settings: { 'router.server': true, 'router.port': 0, 'router.inspect': inspect },
    });
    target.createGObj('counter', Counter, target, { uniqueName: true });
    const router = routerOf(target);
    const server = (await router.listening)!;
    noteServerPort(server.port);
    const running = target.start();
    const session = await ConsoleSession.open({ url: server.url, timeout });
    try {
      await body(session, target);
    } finally {
      await session.close();
      if (!target.running) void target.start();
      target.destroyGObj(router);
      target.stop();
      await running;
    }
  }

  return [
    ['GCONSOLE_BAD_OPTION', () => parseOptions(['http://127.0.0.1:2690'])],
    ['GCONSOLE_BAD_COMMAND', () => parseCommand('send counter')],
    ['GCONSOLE_BAD_COMMAND', () => parseCommand('send counter EV_ADD {a: 1}')],
    [
      'GCONSOLE_UNREACHABLE',
      async () => {
        // A port nothing listens on: the router's server, closed.
        const closed = new GAplic({
          name: 'Closed',
          logger: silentLogger,
          settings: { 'router.server': true, 'router.port': 0 },
        });
        const router = routerOf(closed);
        const { port, url } = (await router.listening)!;
        noteServerPort(port);
        closed.destroyGObj(router);
        await new Promise((resolve) => setTimeout(resolve, 50));
        await ConsoleSession.open({ url });
      },
    ],
    [
      'GCONSOLE_NACKED',
      () => withTarget(true, (session) => session.request('abacus', 'EV_GET', {})),
    ],
    [
      'GCONSOLE_NACKED',
      () => withTarget(true, (session) => session.request('counter', 'EV_PUT', { a: 1 })),
    ],
    ['GCONSOLE_INSPECTION_REFUSED', () => withTarget(false, (session) => session.gobjs())],
    [
      'GCONSOLE_NO_REPLY',
      () =>
        withTarget(
          true,
          (session, target) => {
            target.stop(); // its queue stops: nothing is answered
            return session.request('counter', 'EV_GET', {});
          },
          1,
        ),
    ],
  ];
}
