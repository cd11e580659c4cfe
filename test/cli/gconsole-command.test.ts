// The console's line parser and option parser (pure functions): what each command line
// becomes, and the coded error of each bad line.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConsoleError } from '../../src/index.js';
import { helpText, parseCommand } from '../../src/cli/gconsole-command.js';
import { parseOptions } from '../../src/cli/gconsole-main.js';

function refused(line: string, message: RegExp): void {
  assert.throws(
    () => parseCommand(line),
    (error: unknown) =>
      error instanceof ConsoleError &&
      error.code === 'GCONSOLE_BAD_COMMAND' &&
      message.test(error.message),
    line,
  );
}

describe('gconsole command lines', () => {
  test('gconsole parser - blank lines and comments are no command', () => {
    assert.equal(parseCommand(''), null);
    assert.equal(parseCommand('   '), null);
    assert.equal(parseCommand('# routes'), null);
  });

  test('gconsole parser - commands without arguments, aliases', () => {
    for (const name of ['routes', 'gobjs', 'target', 'subscriptions', 'quit'] as const) {
      assert.deepEqual(parseCommand(`  ${name}  `), { name });
    }
    assert.deepEqual(parseCommand('exit'), { name: 'quit' });
    assert.deepEqual(parseCommand('help'), { name: 'help', topic: null });
    assert.deepEqual(parseCommand('? send'), { name: 'help', topic: 'send' });
  });

  test('gconsole parser - show, subscribe, unsubscribe, wait', () => {
    assert.deepEqual(parseCommand('show counter'), { name: 'show', gobj: 'counter' });
    assert.deepEqual(parseCommand('subscribe counter EV_CHANGED'), {
      name: 'subscribe',
      gobj: 'counter',
      event: 'EV_CHANGED',
    });
    assert.deepEqual(parseCommand('unsubscribe counter EV_CHANGED'), {
      name: 'unsubscribe',
      gobj: 'counter',
      event: 'EV_CHANGED',
    });
    assert.deepEqual(parseCommand('wait 0.5'), { name: 'wait', seconds: 0.5 });
  });

  test('gconsole parser - send takes the rest of the line as a JSON object', () => {
    assert.deepEqual(parseCommand('send counter EV_GET'), {
      name: 'send',
      gobj: 'counter',
      event: 'EV_GET',
      kw: {},
    });
    assert.deepEqual(parseCommand('send counter EV_INCREMENT { "by": 2, "note": "a b" }'), {
      name: 'send',
      gobj: 'counter',
      event: 'EV_INCREMENT',
      kw: { by: 2, note: 'a b' },
    });
  });

  test('gconsole parser - bad lines throw GCONSOLE_BAD_COMMAND naming what is wrong', () => {
    refused('bogus', /^unknown command 'bogus' \(commands: help, target, routes/);
    refused('help bogus', /^unknown command 'bogus'/);
    refused('show', /^show: missing <gobj> \(usage: show <gobj>\)$/);
    refused('show a b', /^show: unexpected 'b'/);
    refused('send counter', /^send: missing <EV_NAME>/);
    refused('send counter EV:X', /^send: 'EV:X' is not an event name/);
    refused('send counter EV_NACK', /EV_NACK is the routers' answer/);
    refused('send counter EV_X {by: 2}', /^send: kw \{by: 2\} is not JSON/);
    refused('send counter EV_X [1]', /^send: kw \[1\] is not a JSON object/);
    refused(
      'send counter EV_X {"__subscribe_event__": true}',
      /'__subscribe_event__' is the router's/,
    );
    refused('subscribe counter', /^subscribe: missing <EV_NAME>/);
    refused('subscribe counter EV_A EV_B', /^subscribe: unexpected 'EV_B'/);
    refused('routes now', /^routes: unexpected 'now'/);
    refused('wait', /^wait: seconds got '', expected a number from 0 to 3600$/);
    refused('wait soon', /^wait: seconds got 'soon'/);
  });

  test('gconsole parser - help lists every command, or one', () => {
    const all = helpText();
    for (const name of ['routes', 'gobjs', 'show', 'send', 'subscribe', 'unsubscribe', 'quit']) {
      assert.match(all, new RegExp(`^  ${name}\\b`, 'm'));
    }
    assert.equal(helpText('show').trim().split('\n').length, 1);
  });
});

describe('gconsole options', () => {
  test('gconsole options - a URL as argument or --url, name, role, token, timeout', () => {
    assert.deepEqual(parseOptions(['ws://127.0.0.1:2690']), {
      url: 'ws://127.0.0.1:2690',
      timeout: 10,
      help: false,
    });
    assert.deepEqual(
      parseOptions(['--url', 'wss://h:1', '--role', 'calc', '--token', 't', '--timeout', '2.5']),
      { url: 'wss://h:1', timeout: 2.5, help: false, role: 'calc', token: 't' },
    );
    assert.equal(parseOptions(['-h']).help, true);
    const traced = parseOptions(['ws://h:1', '--trace']);
    assert.equal(traced.trace, true);
    assert.ok(traced.logger !== undefined, 'the console logs its own lines');
  });

  test('gconsole options - bad ones throw GCONSOLE_BAD_OPTION', () => {
    const cases: [string[], RegExp][] = [
      [[], /^no URL given/],
      [['http://h:1'], /^URL 'http:\/\/h:1' is not a ws:\/\/ or wss:\/\/ URL/],
      [['ws://h:1', 'ws://h:2'], /^unexpected argument 'ws:\/\/h:2'/],
      [['ws://h:1', '--timeout', '0'], /^--timeout got '0'/],
      [['ws://h:1', '--name', ''], /^--name got ''/],
      [['ws://h:1', '--verbose'], /Unknown option '--verbose'/],
    ];
    for (const [argv, message] of cases) {
      assert.throws(
        () => parseOptions(argv),
        (error: unknown) =>
          error instanceof ConsoleError &&
          error.code === 'GCONSOLE_BAD_OPTION' &&
          message.test(error.message),
        argv.join(' '),
      );
    }
  });
});
