/**
 * The commands of `gserve`: run (in the foreground, as a daemon's child, or under the
 * reloader), stop, status and restart.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  openSync,
  readFileSync,
  rmSync,
  watch,
  writeFileSync,
  type FSWatcher,
} from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readIni } from '../config/ini-reader.js';
import { loadApp, type ComposedApp } from '../config/load-app.js';
import { applyLogging } from '../config/logging.js';
import { planComposite, type CompositePlan } from '../config/plan.js';
import { errorMessage } from '../util/error-text.js';

export const GSERVE_USAGE = `Usage: gserve [options] <config.ini> [start|stop|restart|status] [var=value ...]

Runs the composite of an ini file: its main gaplic here, its threads and subprocesses
gaplics in worker threads and child processes. SIGINT or SIGTERM stops it gracefully,
and so does its main gaplic stopping by itself.

Options:
  -n, --app-name NAME   the composite to run, [composite:NAME] (default: main)
  --daemon              run in the background, with a pid file and a log file
  --pid-file FILE       the pid file (default: ginsfsm.pid with --daemon, stop, status, restart)
  --log-file FILE       the daemon's log file (default: ginsfsm.log)
  --reload              restart when a file of the app changes (development)
  --check               load and check the ini, build nothing, start nothing
  -h, --help            this help

Commands (with the pid file): stop, status, restart. var=value pairs are %(var)s
variables of the ini file.`;

const COMMANDS = new Set(['start', 'stop', 'restart', 'status']);
const SELF = fileURLToPath(new URL('./gserve.js', import.meta.url));

interface Options {
  readonly ini: string | null;
  readonly command: string;
  readonly vars: Record<string, string>;
  readonly appName: string;
  readonly daemon: boolean;
  readonly daemonChild: boolean;
  readonly pidFile: string | null;
  readonly logFile: string;
  readonly reload: boolean;
  readonly check: boolean;
  /** The arguments a child run gets (no --daemon, no --reload). */
  readonly childArgs: string[];
}

function say(line: string): void {
  process.stdout.write(`gserve: ${line}\n`);
}

function complain(line: string): void {
  process.stderr.write(`gserve: ${line}\n`);
}

/** Runs gserve with `argv`; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let options: Options;
  try {
    options = parse(argv);
  } catch (error) {
    complain(errorMessage(error));
    process.stderr.write(`${GSERVE_USAGE}\n`);
    return 2;
  }
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(`${GSERVE_USAGE}\n`);
    return 0;
  }
  switch (options.command) {
    case 'stop':
      return stop(pidFileOf(options));
    case 'status':
      return status(pidFileOf(options));
    case 'restart':
      await stop(pidFileOf(options));
      return daemonize(options);
    default:
      if (options.check) return check(options);
      if (options.reload) return reloader(options);
      if (options.daemon) return daemonize(options);
      return run(options);
  }
}

function parse(argv: readonly string[]): Options {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'app-name': { type: 'string', short: 'n' },
      daemon: { type: 'boolean' },
      'daemon-child': { type: 'boolean' },
      'pid-file': { type: 'string' },
      'log-file': { type: 'string' },
      reload: { type: 'boolean' },
      check: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  let ini: string | null = null;
  let command = 'start';
  const vars: Record<string, string> = {};
  for (const arg of positionals) {
    const eq = arg.indexOf('=');
    if (eq > 0) vars[arg.slice(0, eq)] = arg.slice(eq + 1);
    else if (COMMANDS.has(arg)) command = arg;
    else if (ini === null) ini = arg;
    else throw new Error(`unexpected argument '${arg}'`);
  }
  if (ini === null && (command === 'start' || command === 'restart') && values.help !== true) {
    throw new Error('no ini file given');
  }
  const childArgs = argv.filter((a) => a !== '--daemon' && a !== '--reload' && !COMMANDS.has(a));
  return {
    ini,
    command,
    vars,
    appName: values['app-name'] ?? 'main',
    daemon: values.daemon === true,
    daemonChild: values['daemon-child'] === true,
    pidFile: values['pid-file'] === undefined ? null : resolve(values['pid-file']),
    logFile: resolve(values['log-file'] ?? 'ginsfsm.log'),
    reload: values.reload === true,
    check: values.check === true,
    childArgs,
  };
}

function pidFileOf(options: Options): string {
  return options.pidFile ?? resolve('ginsfsm.pid');
}

function failure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return `${errorMessage(error)}${typeof code === 'string' && !errorMessage(error).endsWith(']') ? ` [${code}]` : ''}`;
}

/** The ini's composition, checked (no import, no factory). */
function planOf(options: Options): CompositePlan {
  const file = resolve(options.ini!);
  return planComposite(readIni(readFileSync(file, 'utf8'), file), options.appName, options.vars);
}

/** Checks the ini's composition (no import, no factory). */
function check(options: Options): number {
  try {
    const plan = planOf(options);
    const file = plan.file;
    say(`${file}: ok (${plan.apps.map((a) => `${a.placement} [app:${a.section}]`).join(', ')})`);
    return 0;
  } catch (error) {
    complain(failure(error));
    return 1;
  }
}

/** Runs the composite in this process until SIGINT or SIGTERM. */
async function run(options: Options): Promise<number> {
  let app: ComposedApp;
  let restore = (): void => {};
  try {
    // [logging] first: it applies to what the main factory logs while it builds, too.
    const { logging } = planOf(options);
    if (logging !== null) restore = applyLogging(logging);
    app = await loadApp(options.ini!, { name: options.appName, vars: options.vars });
  } catch (error) {
    restore();
    complain(failure(error));
    return 1;
  }
  let stopping: Promise<number> | null = null;
  let stopAll: (why: string, code: number) => void = () => {};
  const ended = new Promise<number>((resolveEnded) => {
    stopAll = (why, code) => {
      if (stopping !== null) return;
      say(`${why}: stopping`);
      stopping = app.stop().then(
        () => code,
        () => 1,
      );
      void stopping.then(resolveEnded);
    };
    const onSignal = (signal: NodeJS.Signals): void => stopAll(signal, 0);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  try {
    await app.start();
  } catch (error) {
    complain(`cannot start: ${failure(error)}`);
    await app.stop();
    restore();
    return 1;
  }
  const threads = app.workers.filter((w) => w.kind === 'thread').map((w) => w.name);
  const processes = app.workers.filter((w) => w.kind === 'process').map((w) => w.name);
  say(
    `running ${basename(app.file)} (pid ${process.pid}): main '${app.main.name}'` +
      `, threads [${threads.join(', ')}], subprocesses [${processes.join(', ')}]`,
  );
  if (options.daemonChild && options.pidFile !== null)
    writeFileSync(options.pidFile, `${process.pid}\n`);
  // A main gaplic that stops by itself (its work is done) ends the composite, as the end
  // of ginsfsm's main loop ended the program: exit 0, or 1 when stopped with a reason.
  void app.main
    .closed()
    .then((reason) =>
      stopAll(`the main gaplic '${app.main.name}' stopped`, reason === undefined ? 0 : 1),
    );
  const code = await ended;
  if (options.daemonChild && options.pidFile !== null) removeOwnPidFile(options.pidFile);
  say('stopped');
  restore();
  // Worker handles may still be closing: end now, the tree has stopped.
  process.exit(code);
}

function removeOwnPidFile(file: string): void {
  if (readPid(file) === process.pid) rmSync(file, { force: true });
}

function readPid(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function status(pidFile: string): number {
  const pid = readPid(pidFile);
  if (pid !== null && alive(pid)) {
    say(`running (pid ${pid})`);
    return 0;
  }
  say(
    pid === null
      ? `not running (no pid file ${pidFile})`
      : `not running (stale pid file ${pidFile})`,
  );
  return 1;
}

async function stop(pidFile: string): Promise<number> {
  const pid = readPid(pidFile);
  if (pid === null || !alive(pid)) {
    if (pid !== null) rmSync(pidFile, { force: true });
    say(`not running (${pid === null ? 'no' : 'stale'} pid file ${pidFile})`);
    return 1;
  }
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; alive(pid); waited += 50) {
    if (waited >= 30_000) {
      complain(`pid ${pid} did not stop within 30 s: killing it`);
      process.kill(pid, 'SIGKILL');
    }
    await sleep(50);
  }
  rmSync(pidFile, { force: true });
  say(`stopped (pid ${pid})`);
  return 0;
}

/** Starts a detached child running the composite, its output in the log file. */
async function daemonize(options: Options): Promise<number> {
  const pidFile = pidFileOf(options);
  const running = readPid(pidFile);
  if (running !== null && alive(running)) {
    complain(`already running (pid ${running}, pid file ${pidFile})`);
    return 1;
  }
  rmSync(pidFile, { force: true });
  const log = openSync(options.logFile, 'a');
  const child = spawn(
    process.execPath,
    [SELF, ...options.childArgs, '--daemon-child', '--pid-file', pidFile],
    { detached: true, stdio: ['ignore', log, log] },
  );
  const exit: { code: number | null } = { code: null };
  child.on('exit', (code) => (exit.code = code ?? 1));
  while (readPid(pidFile) !== child.pid && exit.code === null) await sleep(50);
  if (exit.code !== null) {
    complain(
      `the daemon exited at start (code ${exit.code}); its log ${options.logFile} ends with:`,
    );
    const lines = readFileSync(options.logFile, 'utf8').trimEnd().split('\n');
    process.stderr.write(`${lines.slice(-5).join('\n')}\n`);
    return 1;
  }
  child.unref();
  say(`started in the background (pid ${child.pid}), pid file ${pidFile}, log ${options.logFile}`);
  return 0;
}

/** Runs the composite in a child, restarted when a file of the app changes. */
async function reloader(options: Options): Promise<number> {
  const ini = resolve(options.ini!);
  const folders = new Set([dirname(ini)]);
  try {
    const plan = planOf(options);
    for (const app of plan.apps) if (app.module.startsWith('/')) folders.add(dirname(app.module));
  } catch (error) {
    complain(failure(error));
    return 1;
  }
  let child: ReturnType<typeof spawn> | null = null;
  let exited: Promise<void> = Promise.resolve();
  let quitting = false;
  const startChild = (): void => {
    const started = spawn(process.execPath, [SELF, ...options.childArgs], { stdio: 'inherit' });
    child = started;
    exited = new Promise((r) =>
      started.on('exit', (code, signal) => {
        if (child === started) child = null;
        if (!quitting && code !== 0 && signal === null) {
          say(`the app exited (code ${code}): waiting for a change to restart`);
        }
        r();
      }),
    );
  };
  let timer: NodeJS.Timeout | null = null;
  const onChange = (folder: string, file: string | null): void => {
    // The app's files: its ini files, modules and JSON (not logs, pid files, folders).
    if (file === null || file.startsWith('.') || !/\.(ini|js|mjs|cjs|json)$/.test(file)) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      say(`${resolve(folder, file)} changed: restarting`);
      child?.kill('SIGTERM');
      void exited.then(() => {
        if (!quitting) startChild();
      });
    }, 150);
  };
  const watchers: FSWatcher[] = [...folders].map((folder) =>
    watch(folder, (_event, file) => onChange(folder, file)),
  );
  startChild();
  say(`watching ${[...folders].join(', ')}`);
  await new Promise<void>((r) => {
    const quit = (): void => {
      if (quitting) return;
      quitting = true;
      for (const w of watchers) w.close();
      if (timer !== null) clearTimeout(timer);
      child?.kill('SIGTERM');
      void exited.then(r);
    };
    process.on('SIGINT', quit);
    process.on('SIGTERM', quit);
  });
  return 0;
}
