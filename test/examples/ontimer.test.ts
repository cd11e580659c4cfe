// The ontimer example (the port of ginsfsm's). The OnTimer gclass is driven by a TestClock
// with a fake command runner. The compiled main and the real runner are run for real (child
// processes and a shell): the example's promise is that it runs and exits by itself, which
// only a real run shows; each of those tests takes well under a second.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Deferred, GAplic, destroyGObj } from '../../src/index.js';
import { CaptureLogger, TestClock, advanceAndDrain, drain } from '../../src/testing/index.js';
import {
  OnTimer,
  execRunner,
  type CommandResult,
  type CommandRunner,
} from '../../examples/ontimer/ontimer.js';

const MAIN = fileURLToPath(new URL('../../examples/ontimer/main.js', import.meta.url));

interface Exit {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runMain(args: readonly string[]): Promise<Exit> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [MAIN, ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
      if (error === null) resolve({ code: 0, stdout, stderr });
      else if (typeof error.code === 'number') resolve({ code: error.code, stdout, stderr });
      else reject(new Error('ontimer main did not exit by itself', { cause: error }));
    });
  });
}

/** A runner that records each command; the test finishes them with `finish()`. */
class FakeRunner {
  readonly calls: { command: string; done: (result: CommandResult) => void }[] = [];
  cancelled = 0;
  readonly run: CommandRunner = (command, done) => {
    this.calls.push({ command, done });
    return () => void this.cancelled++;
  };
  finish(index: number, result: Partial<CommandResult> = {}): void {
    this.calls[index]!.done({ stdout: '', stderr: '', exitCode: 0, ...result });
  }
}

function setUp(kw: Record<string, unknown> = {}) {
  const clock = new TestClock();
  const logger = new CaptureLogger();
  const gaplic = new GAplic({ name: 'test', clock, logger });
  const runner = new FakeRunner();
  const ontimer = gaplic.createGObj('ontimer', OnTimer, gaplic, {
    seconds: 2,
    command: 'fake',
    count: 2,
    runner: runner.run,
    ...kw,
  });
  const finished: unknown[] = [];
  ontimer.subscribeEvent(
    'EV_FINISHED',
    new Deferred('finished', (kw: { event: { kw: { runs: unknown } } }) =>
      finished.push(kw.event.kw.runs),
    ),
  );
  return { clock, logger, gaplic, runner, ontimer, finished };
}

describe('OnTimer', () => {
  test('OnTimer - runs the command when its timer expires and waits for the result', () => {
    const { clock, gaplic, runner, ontimer } = setUp();
    advanceAndDrain(gaplic, clock, 1.999);
    assert.equal(runner.calls.length, 0);
    assert.equal(ontimer.getCurrentState(), 'ST_IDLE');
    advanceAndDrain(gaplic, clock, 0.001);
    assert.deepEqual(
      runner.calls.map((c) => c.command),
      ['fake'],
    );
    assert.equal(ontimer.getCurrentState(), 'ST_RUNNING');
    // While the command runs the timer is not armed: no second run, however long it takes.
    advanceAndDrain(gaplic, clock, 60);
    assert.equal(runner.calls.length, 1);
    assert.equal(gaplic.timerCount, 0);
  });

  test('OnTimer - the result comes back as an event, is printed, and re-arms the timer', () => {
    const { clock, logger, gaplic, runner, ontimer } = setUp();
    advanceAndDrain(gaplic, clock, 2);
    runner.finish(0, { stdout: 'out 1\n' });
    // The result is posted, not delivered inside the runner's callback.
    assert.equal(ontimer.getCurrentState(), 'ST_RUNNING');
    assert.equal(gaplic.queueLength, 1);
    drain(gaplic);
    assert.equal(ontimer.getCurrentState(), 'ST_IDLE');
    assert.deepEqual(logger.messages('info'), ["ontimer: run 1/2 of 'fake': exit code 0", 'out 1']);
    advanceAndDrain(gaplic, clock, 1.999);
    assert.equal(runner.calls.length, 1);
    advanceAndDrain(gaplic, clock, 0.001);
    assert.equal(runner.calls.length, 2);
  });

  test('OnTimer - a failing command is logged as a warning with its stderr', () => {
    const { clock, logger, gaplic, runner } = setUp();
    advanceAndDrain(gaplic, clock, 2);
    runner.finish(0, { stderr: 'boom\n', exitCode: 3 });
    drain(gaplic);
    assert.deepEqual(logger.messages('warn'), ["ontimer: run 1/2 of 'fake': exit code 3", 'boom']);
    runner.calls.length = 0;
    advanceAndDrain(gaplic, clock, 2);
    runner.finish(0, { exitCode: null });
    drain(gaplic);
    assert.equal(logger.messages('warn').at(-1), "ontimer: run 2/2 of 'fake': killed");
  });

  test('OnTimer - after count runs it broadcasts EV_FINISHED and stops re-arming', () => {
    const { clock, gaplic, runner, ontimer, finished } = setUp({ count: 2 });
    for (let i = 0; i < 2; i++) {
      advanceAndDrain(gaplic, clock, 2);
      runner.finish(i);
      drain(gaplic);
    }
    assert.deepEqual(finished, [2]);
    assert.equal(ontimer.runs, 2);
    assert.equal(gaplic.timerCount, 0);
    advanceAndDrain(gaplic, clock, 100);
    assert.equal(runner.calls.length, 2);
  });

  test('OnTimer - count 0 runs forever', () => {
    const { clock, gaplic, runner, finished } = setUp({ count: 0, seconds: 0.5 });
    for (let i = 0; i < 5; i++) {
      advanceAndDrain(gaplic, clock, 0.5);
      runner.finish(i);
      drain(gaplic);
    }
    assert.equal(runner.calls.length, 5);
    assert.deepEqual(finished, []);
    assert.equal(gaplic.timerCount, 1);
  });

  test('OnTimer - a repeated or late result is ignored', () => {
    const { clock, logger, gaplic, runner } = setUp();
    advanceAndDrain(gaplic, clock, 2);
    runner.finish(0);
    runner.finish(0, { stdout: 'again' });
    drain(gaplic);
    assert.deepEqual(logger.messages(), ["ontimer: run 1/2 of 'fake': exit code 0"]);
  });

  test('OnTimer - destroying it cancels the running command and drops its result', () => {
    const { clock, gaplic, runner, ontimer } = setUp();
    advanceAndDrain(gaplic, clock, 2);
    destroyGObj(ontimer);
    assert.equal(runner.cancelled, 1);
    runner.finish(0);
    assert.equal(gaplic.queueLength, 0);
    assert.equal(gaplic.timerCount, 0);
  });

  test('OnTimer - string kw (command-line values) are coerced by the gconfig', () => {
    const { ontimer } = setUp({ seconds: '0.25', count: '7', command: 'echo hi' });
    assert.equal(ontimer.config.seconds, 0.25);
    assert.equal(ontimer.config.count, 7);
    assert.equal(ontimer.config.command, 'echo hi');
  });

  test('OnTimer - bad parameter values fail the creation', () => {
    for (const kw of [
      { seconds: '0' },
      { seconds: 'abc' },
      { seconds: 'Infinity' },
      { count: '-1' },
      { count: '1.5' },
      { command: ' ' },
      { runner: 'not a function' },
    ]) {
      assert.throws(() => setUp(kw), {
        name: 'GConfigValidateError',
        code: 'GCONFIG_INVALID_VALUE',
      });
    }
  });

  test('OnTimer - the default runner is the real one', () => {
    assert.equal(new OnTimer().config.runner, execRunner);
  });
});

describe('execRunner', () => {
  test('execRunner - reports the output and exit code of a shell command', async () => {
    const result = await new Promise<CommandResult>((resolve) => {
      execRunner('echo out; echo err >&2; exit 4', resolve);
    });
    assert.deepEqual(result, { stdout: 'out\n', stderr: 'err\n', exitCode: 4 });
  });

  test('execRunner - cancelling ends the shell and what it started', async () => {
    const started = Date.now();
    const result = await new Promise<CommandResult>((resolve) => {
      const cancel = execRunner('sleep 30; echo never', resolve);
      cancel();
    });
    assert.equal(result.exitCode, null);
    assert.equal(result.stdout, '');
    assert.ok(Date.now() - started < 10_000, 'the pipe closed without waiting for sleep');
  });
});

describe('ontimer main', () => {
  test('ontimer main - runs the command --count times, then exits 0', async () => {
    const { code, stdout } = await runMain([
      '--seconds',
      '0.05',
      '--count',
      '3',
      '--command',
      'echo hi',
    ]);
    assert.equal(code, 0);
    const lines = stdout.split('\n');
    assert.equal(lines.filter((l) => l === 'hi').length, 3);
    for (const run of [1, 2, 3]) {
      assert.ok(lines.includes(`ontimer: run ${run}/3 of 'echo hi': exit code 0`), stdout);
    }
    assert.match(stdout, /-> OnTimer:ontimer ST_IDLE EV_TIMEOUT acRun\(\)/);
  });

  test('ontimer main - a bad flag value exits 2 with the reason', async () => {
    const { code, stdout, stderr } = await runMain(['--seconds', 'abc']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /bad flag value: .*parameter 'seconds' \(float\) got "abc"/);
    assert.match(stderr, /^Try 'node build\/examples\/ontimer\/main\.js --help'\.$/m);
  });

  test('ontimer main - an unknown flag exits 2 with the reason', async () => {
    const { code, stderr } = await runMain(['--sekonds', '1']);
    assert.equal(code, 2);
    assert.match(stderr, /Unknown option '--sekonds'/);
    // The hint shows the command as the user types it.
    assert.match(stderr, /^Try 'node build\/examples\/ontimer\/main\.js --help'\.$/m);
  });

  test('ontimer main - --help prints the usage with the command line, exits 0', async () => {
    const { code, stdout, stderr } = await runMain(['--help']);
    assert.equal(code, 0);
    assert.equal(stderr, '');
    assert.match(stdout, /^Usage: node build\/examples\/ontimer\/main\.js \[options\]$/m);
    assert.match(stdout, /--seconds N/);
  });
});
