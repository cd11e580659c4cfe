/**
 * The port of ginsfsm's `ontimer` example: runs a shell command every few seconds with an
 * OnTimer gobj and prints its machine transitions and the command's output.
 *
 *   npm run compile && node build/examples/ontimer/main.js [--seconds 2] [--command ls]
 *       [--count 3] [--verbose]
 *
 * Flag values arrive as strings and are handed to the gobj as creation kw: its gconfig
 * coerces them (`'0.5'` → 0.5 for a `float`) and its validators reject bad ones, so a bad
 * value fails with the gconfig message. Exit codes: 0 done or stopped by SIGINT/SIGTERM,
 * 2 bad usage.
 */
import { parseArgs } from 'node:util';
import { Deferred, GAplic, GinsfsmError, destroyGObj, type Logger } from '../../src/index.js';
import { OnTimer } from './ontimer.js';

/** How the user runs the demo: messages show the command as they type it. */
const COMMAND = 'node build/examples/ontimer/main.js';

const USAGE = `Usage: ${COMMAND} [options]

Runs a shell command every N seconds with an OnTimer gobj (a GTimer child arms each run)
and prints the machine's transitions and the command's output.

Options:
  --seconds N      seconds between runs, fractions allowed (default 2)
  --command CMD    shell command to run (default ls)
  --count N        runs before exiting; 0 = until Ctrl-C (default 3)
  -v, --verbose    trace every gobj: transitions, creation, subscriptions
  -h, --help       show this help`;

/** Exit code for a usage error (as in the BSD sysexits convention, `EX_USAGE` aside). */
const EXIT_USAGE = 2;

function usageError(message: string): number {
  process.stderr.write(`ontimer: ${message}\nTry '${COMMAND} --help'.\n`);
  return EXIT_USAGE;
}

/** Info lines (transitions, command output) print plain; problems keep their level. */
const demoLogger: Logger = {
  debug() {},
  info: (message) => console.log(message),
  warn: (message) => console.warn(`WARN ${message}`),
  error: (message) => console.error(`ERROR ${message}`),
};

async function main(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        seconds: { type: 'string', default: '2' },
        command: { type: 'string', default: 'ls' },
        count: { type: 'string', default: '3' },
        verbose: { type: 'boolean', short: 'v', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  // Dotted settings reach every gobj created later: the OnTimer's transitions by
  // default, every gobj's transitions, creations and subscriptions with --verbose.
  const settings: Record<string, unknown> = values.verbose
    ? { 'GObj.traceMach': true, 'GObj.traceCreation': true, 'GObj.traceSubscription': true }
    : { 'OnTimer.traceMach': true };
  const gaplic = new GAplic({ name: 'ontimer', settings, logger: demoLogger });

  let ontimer: OnTimer;
  try {
    // Strings straight from the command line: the gconfig coerces and validates them.
    ontimer = gaplic.createGObj('ontimer', OnTimer, gaplic, {
      seconds: values.seconds,
      command: values.command,
      count: values.count,
    });
  } catch (error) {
    if (error instanceof GinsfsmError && error.code === 'GCONFIG_INVALID_VALUE') {
      return usageError(`bad flag value: ${error.message}`);
    }
    throw error;
  }

  // Code outside any gobj listens to a gobj through a Deferred subscriber.
  ontimer.subscribeEvent('EV_FINISHED', new Deferred('finished', () => gaplic.stop()));

  const onSignal = (signal: NodeJS.Signals): void => {
    gaplic.logger.info(`ontimer: ${signal}, stopping`);
    gaplic.stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const { seconds, command, count } = ontimer.config;
  gaplic.logger.info(
    `ontimer: running '${command ?? ''}' every ${seconds} s, ${count === 0 ? 'until Ctrl-C' : count === 1 ? 'once' : `${count} times`}`,
  );
  await gaplic.start();

  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  destroyGObj(ontimer); // kills a command still running after a signal
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
