/**
 * OnTimer: runs a shell command every `seconds` seconds, `count` times (0 = forever).
 * The port of ginsfsm's `examples/essential_gobjs/ontimer.py`.
 *
 *   ST_IDLE     EV_TIMEOUT       acRun   → ST_RUNNING   start the command
 *   ST_RUNNING  EV_COMMAND_DONE  acDone  → ST_IDLE      print its output, re-arm the timer
 *
 * The command runs asynchronously through the `runner` parameter (by default a shell
 * started with `child_process.spawn`); its output and exit code come back as the event
 * `EV_COMMAND_DONE`, posted to this gobj, so an action never blocks the gaplic's loop.
 * The timer is a `GTimer` child, re-armed after each run, so runs never overlap.
 * After the last run the gobj broadcasts `EV_FINISHED { runs }`.
 */
import { spawn } from 'node:child_process';
import { GObj, GTimer, checkFsm, type GConfigTemplate, type GEvent } from '../../src/index.js';

/** What a finished command reports. `exitCode` is `null` when a signal ended it. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
}

/**
 * Starts `command` and calls `done` with its result; returns a function that cancels
 * it. OnTimer ignores every `done` after the first and after a cancel.
 */
export type CommandRunner = (command: string, done: (result: CommandResult) => void) => () => void;

/**
 * The real runner: the command runs in a shell (`child_process.spawn` with `shell: true`),
 * in its own process group on POSIX so that cancelling also ends what the shell started.
 */
export const execRunner: CommandRunner = (command, done) => {
  const posix = process.platform !== 'win32';
  const child = spawn(command, { shell: true, detached: posix, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.on('error', (error) => done({ stdout, stderr: stderr + error.message, exitCode: null }));
  child.on('close', (code) => done({ stdout, stderr, exitCode: code }));
  return () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      if (posix && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      else child.kill();
    } catch {
      // The group ended between the check and the kill: nothing left to cancel.
    }
  };
};

function acRun(gobj: OnTimer, _event: GEvent): void {
  const run = ++gobj.runs;
  gobj.pendingRun = run;
  const cancel = gobj.config.runner(gobj.config.command ?? '', (result) => {
    if (gobj.destroyed || gobj.pendingRun !== run) return; // repeated, late or cancelled
    gobj.pendingRun = 0;
    gobj.cancelRun = null;
    gobj.postEvent(gobj, 'EV_COMMAND_DONE', { run, result });
  });
  if (gobj.pendingRun === run) gobj.cancelRun = cancel;
}

function acDone(gobj: OnTimer, event: GEvent): void {
  // The kw acRun posted: { run, result }.
  const run = event.kw.run as number;
  const { stdout, stderr, exitCode } = event.kw.result as CommandResult;
  const count = gobj.config.count;
  const status = exitCode === null ? 'killed' : `exit code ${exitCode}`;
  const line = `${gobj.name}: run ${run}${count > 0 ? `/${count}` : ''} of '${gobj.config.command ?? ''}': ${status}`;
  if (exitCode === 0) gobj.logger.info(line);
  else gobj.logger.warn(line);
  if (stdout !== '') gobj.logger.info(stdout.trimEnd());
  if (stderr !== '') gobj.logger.warn(stderr.trimEnd());
  if (count > 0 && gobj.runs >= count) {
    gobj.broadcastEvent('EV_FINISHED', { runs: gobj.runs });
  } else if (gobj.timer !== null) {
    gobj.sendEvent(gobj.timer, 'EV_SET_TIMER', { seconds: gobj.config.seconds });
  }
}

const fsm = {
  eventList: ['EV_TIMEOUT: top input', 'EV_COMMAND_DONE: bottom input', 'EV_FINISHED: top output'],
  stateList: ['ST_IDLE', 'ST_RUNNING'],
  machine: {
    ST_IDLE: [['EV_TIMEOUT', acRun, 'ST_RUNNING']],
    ST_RUNNING: [['EV_COMMAND_DONE', acDone, 'ST_IDLE']],
  },
} as const;

function positive(value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new Error('must be a finite number > 0');
  return value;
}

function notNegative(value: number): number {
  if (value < 0) throw new Error('must be >= 0 (0 = forever)');
  return value;
}

function nonEmpty(value: string | null): string {
  if (value === null || value.trim() === '') throw new Error('must be a non-empty command');
  return value;
}

function isRunner(value: unknown): CommandRunner {
  if (typeof value !== 'function') throw new Error('must be a function (command, done) => cancel');
  return value as CommandRunner;
}

const gconfig = {
  seconds: {
    type: 'float',
    default: 2,
    validate: positive,
    description: 'Seconds between the end of a run and the start of the next (fractions allowed)',
  },
  command: {
    type: 'str',
    default: 'ls',
    validate: nonEmpty,
    description: 'Shell command to run',
  },
  count: {
    type: 'int',
    default: 3,
    validate: notNegative,
    description: 'Runs before EV_FINISHED; 0 = run forever',
  },
  runner: {
    type: 'any',
    default: execRunner,
    validate: isRunner,
    description: 'How the command is run (tests inject a fake)',
  },
} as const satisfies GConfigTemplate;

export class OnTimer extends GObj<typeof fsm, typeof gconfig> {
  static override fsm = checkFsm(fsm);
  static override gconfig = gconfig;

  /** Runs started so far. */
  runs = 0;
  /** The GTimer child (created in `startUp`). */
  timer: GTimer | null = null;
  /** The run whose result is awaited; 0 when no command runs. */
  pendingRun = 0;
  /** Cancels the command in progress; `null` when none runs. */
  cancelRun: (() => void) | null = null;

  override startUp(): void {
    this.timer = this.createGObj('timer', GTimer, this);
    this.sendEvent(this.timer, 'EV_SET_TIMER', { seconds: this.config.seconds });
  }

  override goOut(): void {
    const cancel = this.cancelRun;
    this.pendingRun = 0;
    this.cancelRun = null;
    cancel?.();
  }
}
