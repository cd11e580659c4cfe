/**
 * `gconsole`: connects to a running gaplic through its router and reads commands —
 * interactively on a terminal (a prompt, history, completion of commands and of the gobj
 * and event names learnt from the target), or line by line from a pipe or file (no
 * prompt; the exit code says whether every command succeeded).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { parseArgs } from 'node:util';
import { codedError } from '../errors.js';
import type { Logger } from '../logger.js';
import { errorMessage } from '../util/error-text.js';
import { COMMANDS, helpText, parseCommand, type Command } from './gconsole-command.js';
import {
  formatGObj,
  formatGObjs,
  formatHeard,
  formatReturn,
  formatRoutes,
} from './gconsole-format.js';
import { ConsoleSession, failureText, type ConsoleOptions } from './gconsole-session.js';

export const GCONSOLE_USAGE = `Usage: gconsole [options] <ws://host:port>

Connects to a running gaplic through its router (the URL its router server listens on)
and reads commands: from the terminal with a prompt, history and tab completion, or one
per line from a pipe or a file (exit code 1 if a command failed). Type 'help' for them.

Options:
  --url URL         the target router's URL (instead of the argument)
  --name NAME       the gaplic to talk to (default: the one at the URL; another name
                    reaches a gaplic behind it, such as a worker of a composite)
  --role ROLE       talk to the gaplic of that role instead
  --token TOKEN     the target router's authToken
  --timeout SECONDS how long a command waits for its answer (default 10)
  --trace           log the console's own faults and every message in and out (stderr)
  -h, --help        this help`;

/** The console's own log lines (with --trace), on stderr. */
const stderrLogger: Logger = {
  debug: () => {},
  info: (message) => process.stderr.write(`${message}\n`),
  warn: (message) => process.stderr.write(`WARN ${message}\n`),
  error: (message) => process.stderr.write(`ERROR ${message}\n`),
};

/** Where the console reads and writes (the process's streams by default). */
export interface ConsoleIO {
  readonly input: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly output: NodeJS.WritableStream;
  readonly errors: NodeJS.WritableStream;
}

const PROCESS_IO: ConsoleIO = {
  input: process.stdin,
  output: process.stdout,
  errors: process.stderr,
};

/** Parses the command line; throws `GCONSOLE_BAD_OPTION`. */
export function parseOptions(argv: readonly string[]): ConsoleOptions & { help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        token: { type: 'string' },
        timeout: { type: 'string' },
        trace: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw codedError('GCONSOLE_BAD_OPTION', errorMessage(error));
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { url: '', help: true };
  if (positionals.length > (values.url === undefined ? 1 : 0)) {
    throw codedError(
      'GCONSOLE_BAD_OPTION',
      `unexpected argument '${positionals.at(-1)}' (give one URL)`,
    );
  }
  const url = values.url ?? positionals[0];
  if (url === undefined) {
    throw codedError('GCONSOLE_BAD_OPTION', 'no URL given (expected ws://host:port)');
  }
  if (!/^wss?:\/\/[^/\s]+/.test(url)) {
    throw codedError(
      'GCONSOLE_BAD_OPTION',
      `URL '${url}' is not a ws:// or wss:// URL (expected ws://host:port)`,
    );
  }
  const timeout = values.timeout === undefined ? 10 : Number(values.timeout);
  if (!(timeout > 0 && timeout <= 3600)) {
    throw codedError(
      'GCONSOLE_BAD_OPTION',
      `--timeout got '${values.timeout}', expected seconds from 0 to 3600 (not 0)`,
    );
  }
  for (const key of ['name', 'role'] as const) {
    if (values[key] === '') {
      throw codedError('GCONSOLE_BAD_OPTION', `--${key} got '', expected a ${key}`);
    }
  }
  return {
    url,
    timeout,
    help: false,
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.role !== undefined ? { role: values.role } : {}),
    ...(values.token !== undefined ? { token: values.token } : {}),
    ...(values.trace === true ? { trace: true, logger: stderrLogger } : {}),
  };
}

/** Runs gconsole with `argv`; resolves with the exit code (0, 1: a failure, 2: bad options). */
export async function main(argv: readonly string[], io: ConsoleIO = PROCESS_IO): Promise<number> {
  let options: ConsoleOptions & { help: boolean };
  try {
    options = parseOptions(argv);
  } catch (error) {
    io.errors.write(`gconsole: ${failureText(error)}\n${GCONSOLE_USAGE}\n`);
    return 2;
  }
  if (options.help) {
    io.output.write(`${GCONSOLE_USAGE}\n`);
    return 0;
  }
  const tty = io.input.isTTY === true;
  let rl: Interface | null = null;
  const status = (line: string): void => {
    io.errors.write(`${line}\n`);
    if (rl !== null && tty) rl.prompt(true);
  };
  let session: ConsoleSession;
  try {
    session = await ConsoleSession.open({ ...options, onStatus: status });
  } catch (error) {
    io.errors.write(`gconsole: ${failureText(error)}\n`);
    return 1;
  }
  const target = session.target;
  io.errors.write(
    `connected to '${target.peer}' (roles ${target.roles.join(', ') || 'none'}) at ${session.url} as ${session.gaplic.name} (role gcmd)${target.name !== target.peer ? `; talking to ${session.targetLabel}` : ''}\n`,
  );
  const console = new Console(session, io, tty);
  rl = createInterface({
    input: io.input,
    ...(tty
      ? {
          output: io.output,
          terminal: true,
          history: loadHistory(),
          historySize: 500,
          completer: (line: string) => console.complete(line),
        }
      : { terminal: false }),
  });
  console.rl = rl;
  if (tty) {
    rl.setPrompt(`${session.targetLabel}> `);
    rl.on('history', saveHistory);
    rl.on('SIGINT', () => rl.close());
    rl.prompt();
  }
  for await (const line of rl) {
    if (!(await console.run(line))) break;
    if (tty) rl.prompt();
  }
  rl.close();
  await session.close();
  return console.failed && !tty ? 1 : 0;
}

const HISTORY = process.env.GCONSOLE_HISTORY ?? join(homedir(), '.gconsole_history');

function loadHistory(): string[] {
  try {
    return existsSync(HISTORY) ? readFileSync(HISTORY, 'utf8').split('\n').filter(Boolean) : [];
  } catch {
    return [];
  }
}

function saveHistory(history: string[]): void {
  try {
    writeFileSync(HISTORY, `${history.join('\n')}\n`);
  } catch {
    // A console without a writable home keeps its history for the session only.
  }
}

/** The commands run against one session, and what they learn for completion. */
class Console {
  failed = false;
  rl: Interface | null = null;
  readonly #session: ConsoleSession;
  readonly #io: ConsoleIO;
  readonly #tty: boolean;
  /** Gobj names and, per gobj, event names learnt from the target. */
  readonly #gobjs = new Set<string>();
  readonly #events = new Map<string, readonly string[]>();

  constructor(session: ConsoleSession, io: ConsoleIO, tty: boolean) {
    this.#session = session;
    this.#io = io;
    this.#tty = tty;
  }

  #say(text: string): void {
    this.#io.output.write(`${text}\n`);
  }

  /** Prints what arrives between commands (without breaking the prompt's line). */
  #heard(text: string): void {
    if (this.#tty && this.rl !== null) {
      this.#io.output.write(`\r\x1b[K${text}\n`);
      this.rl.prompt(true);
    } else this.#say(text);
  }

  #fail(error: unknown): void {
    this.failed = true;
    this.#io.errors.write(`error: ${failureText(error)}\n`);
  }

  /** Runs one line; false once the console should stop. */
  async run(line: string): Promise<boolean> {
    let command: Command | null;
    try {
      command = parseCommand(line);
    } catch (error) {
      this.#fail(error);
      return true;
    }
    if (command === null) return true;
    if (command.name === 'quit') return false;
    try {
      await this.#run(command);
    } catch (error) {
      this.#fail(error);
    }
    return true;
  }

  async #run(command: Exclude<Command, { name: 'quit' }>): Promise<void> {
    const session = this.#session;
    switch (command.name) {
      case 'help':
        this.#say(helpText(command.topic));
        return;
      case 'target': {
        const t = session.target;
        this.#say(
          `target: ${session.targetLabel} through '${t.peer}' (roles ${t.roles.join(', ') || 'none'}) at ${session.url}; this console: ${session.gaplic.name} (role gcmd)`,
        );
        return;
      }
      case 'routes':
        this.#say(formatRoutes(await session.routes()));
        return;
      case 'gobjs': {
        const report = await session.gobjs();
        for (const g of report.gobjs) this.#gobjs.add(g.name);
        this.#say(formatGObjs(report));
        return;
      }
      case 'show': {
        const report = await session.gobj(command.gobj);
        this.#gobjs.add(report.name);
        this.#events.set(report.name, [...report.inputEvents, ...report.outputEvents]);
        this.#say(formatGObj(report));
        return;
      }
      case 'send':
        this.#say(
          formatReturn(
            command.event,
            await session.request(command.gobj, command.event, command.kw),
          ),
        );
        return;
      case 'subscribe': {
        const { gobj, event } = command;
        const added = await session.subscribe(gobj, event, (heard) =>
          this.#heard(formatHeard(heard)),
        );
        this.#say(
          `${added ? 'subscribed to' : 'already subscribed to'} ${session.targetLabel}/${gobj} ${event}`,
        );
        return;
      }
      case 'unsubscribe': {
        const { gobj, event } = command;
        if (!(await session.unsubscribe(gobj, event))) {
          throw codedError(
            'GCONSOLE_BAD_COMMAND',
            `unsubscribe: not subscribed to ${gobj} ${event} (subscriptions: ${session.subscriptions.join(', ') || 'none'})`,
          );
        }
        this.#say(`unsubscribed from ${session.targetLabel}/${gobj} ${event}`);
        return;
      }
      case 'subscriptions':
        this.#say(session.subscriptions.join('\n') || '(none)');
        return;
      case 'wait':
        await new Promise((resolve) => setTimeout(resolve, command.seconds * 1000));
        return;
    }
  }

  /** Tab completion: command names, then gobj names, then event names learnt. */
  complete(line: string): [string[], string] {
    const words = line.trimStart().split(/\s+/);
    const last = words.at(-1) ?? '';
    let candidates: readonly string[];
    if (words.length <= 1) candidates = [...Object.keys(COMMANDS), 'exit'];
    else if (words[0] === 'help' && words.length === 2) candidates = Object.keys(COMMANDS);
    else if (words.length === 2 && /^(show|send|subscribe|unsubscribe)$/.test(words[0]!)) {
      candidates = [...this.#gobjs];
    } else if (words.length === 3 && /^(send|subscribe|unsubscribe)$/.test(words[0]!)) {
      candidates = this.#events.get(words[1]!) ?? [...new Set([...this.#events.values()].flat())];
    } else candidates = [];
    return [candidates.filter((c) => c.startsWith(last)).sort(), last];
  }
}
