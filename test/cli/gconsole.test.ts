// gconsole as a user runs it from a script: real child processes on the compiled CLI, a
// real target gaplic in another child process (test/fixtures/console-target.ts, its router
// on a free loopback port) and real WebSockets between them. Real time: processes and
// sockets cannot run on a TestClock; each run ends at the end of its script, with generous
// timeouts, never waiting for a fixed duration.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GCONSOLE, runGconsole as gconsole } from '../fixtures/run-gconsole.js';

const TARGET = fileURLToPath(new URL('../fixtures/console-target.js', import.meta.url));

/** A target gaplic in a child process; resolves with it and its router's URL. */
async function startTarget(...args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [TARGET, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let text = '';
  for await (const chunk of child.stdout) {
    text += (chunk as Buffer).toString();
    if (text.includes('\n')) break;
  }
  return { child, url: text.trim() };
}

async function stopTarget(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.stdin!.end();
  await exited;
}

describe('gconsole against a gaplic that allows inspection', () => {
  let target: { child: ChildProcess; url: string };
  before(async () => {
    target = await startTarget('inspect', 'tok');
  });
  after(() => stopTarget(target.child));

  test('gconsole - a script of routes, gobjs, show, send and subscribe exits 0', async () => {
    const run = await gconsole(
      [target.url, '--token', 'tok'],
      [
        '# the routes, the gobjs, one gobj',
        'routes',
        'gobjs',
        'show counter',
        'send counter EV_INCREMENT {"by": 2}',
        'subscribe counter EV_CHANGED',
        'send counter EV_INCREMENT',
        'subscriptions',
        'unsubscribe counter EV_CHANGED',
        'send counter EV_INCREMENT {"by": 10}',
        'send counter EV_GET',
        'target',
        'quit',
        'send counter EV_GET',
      ].join('\n'),
    );
    assert.equal(run.code, 0, run.err);
    assert.match(
      run.err,
      /^connected to 'Target' \(roles target\) at ws:\/\/127\.0\.0\.1:\d+ as gconsole-\d+-[0-9a-f]{6} \(role gcmd\)\n$/,
    );
    const lines = run.out.trimEnd().split('\n');
    // routes: the target's one route, to this console.
    assert.equal(lines[0], 'Target (roles target): 1 routes, 0 subscriptions of other gaplics');
    assert.match(lines[1]!, /^id +name +roles +kind +state +protocol +sent +received +nacked/);
    assert.match(lines[3]!, /^1 +gconsole-\d+-[0-9a-f]{6} +gcmd +dynamic +up +2 /);
    const rest = lines.slice(4).join('\n');
    assert.ok(
      rest.startsWith(`Target: 2 unique gobjs
name     gclass   state
-------  -------  -----------
counter  Counter  ST_COUNTING
router   GRouter  ST_IDLE
Target/counter: Counter in state ST_COUNTING
  parent: Target, children: 0, subscriptions: 0
  states: ST_COUNTING
  input events: EV_INCREMENT, EV_GET, EV_FAIL
  output events: EV_CHANGED
  config:
`),
      rest,
    );
    assert.match(rest, /^ {4}step +1$/m);
    assert.match(rest, /^ {4}apiToken +"\(hidden\)"$/m, 'a secret is not shown');
    assert.match(rest, /^ {4}onChange +"\[function onChange\]"$/m, 'a function is described');
    const tail = lines.slice(lines.indexOf('EV_INCREMENT -> 2'));
    assert.equal(tail[1], 'subscribed to Target/counter EV_CHANGED');
    // The broadcast arrives before the return of the action that made it.
    assert.match(tail[2]!, /^\d\d:\d\d:\d\d\.\d{3} Target\/counter EV_CHANGED \{"count":3\}$/);
    assert.deepEqual(tail.slice(3), [
      'EV_INCREMENT -> 3',
      'counter EV_CHANGED',
      'unsubscribed from Target/counter EV_CHANGED',
      'EV_INCREMENT -> 13', // no broadcast printed: unsubscribed
      'EV_GET -> {"count":13}',
      `target: Target through 'Target' (roles target) at ${target.url}; this console: ${/gconsole-\d+-[0-9a-f]{6}/.exec(run.err)![0]} (role gcmd)`,
    ]);
  });

  test('gconsole - failed commands are told with their code, the others run, exit 1', async () => {
    const run = await gconsole(
      [target.url, '--token', 'tok', '--timeout', '20'],
      [
        'send nobody EV_GET',
        'send counter EV_FAIL',
        'send counter EV_UNKNOWN',
        'subscribe counter EV_GET',
        'subscribe nobody EV_CHANGED',
        'unsubscribe counter EV_CHANGED',
        'show nobody',
        'bogus',
        'send counter EV_GET {oops}',
        'send counter EV_GET',
      ].join('\n'),
    );
    assert.equal(run.code, 1);
    assert.equal(run.out, `EV_GET -> {"count":13}\n`);
    const errors = run.err.trimEnd().split('\n').slice(1);
    assert.deepEqual(errors, [
      "error: 'EV_GET' to Target/nobody was nacked: GObj 'nobody' UNKNOWN [GCONSOLE_NACKED]",
      "error: 'EV_FAIL' to Target/counter was nacked: 'EV_FAIL' to Counter:counter threw: the counter cannot do that [GCONSOLE_NACKED]",
      "error: 'EV_UNKNOWN' to Target/counter was nacked: 'EV_UNKNOWN' not accepted by Counter:counter in state 'ST_COUNTING' [GCONSOLE_NACKED]",
      errors[3]!,
      errors[4]!,
      'error: unsubscribe: not subscribed to counter EV_CHANGED (subscriptions: none) [GCONSOLE_BAD_COMMAND]',
      "error: 'EV_SHOW_GOBJ' to Target/router was nacked: GObj 'nobody' UNKNOWN [GCONSOLE_NACKED]",
      "error: unknown command 'bogus' (commands: help, target, routes, gobjs, show, send, subscribe, unsubscribe, subscriptions, wait, quit) [GCONSOLE_BAD_COMMAND]",
      errors[8]!,
    ]);
    assert.match(
      errors[3]!,
      /^error: 'EV_GET' to Target\/counter was nacked: .*EV_GET.* \[GCONSOLE_NACKED\]$/,
    );
    assert.match(
      errors[4]!,
      /^error: 'EV_CHANGED' to Target\/nobody was nacked: GObj 'nobody' UNKNOWN \[GCONSOLE_NACKED\]$/,
    );
    assert.match(errors[8]!, /^error: send: kw \{oops\} is not JSON .*\[GCONSOLE_BAD_COMMAND\]$/);
  });

  test('gconsole - by role, with a wait for broadcasts at the end of the script', async () => {
    const run = await gconsole(
      ['--url', target.url, '--role', 'target', '--token', 'tok'],
      'subscribe counter EV_CHANGED\nsend counter EV_INCREMENT\nwait 0.2\n',
    );
    assert.equal(run.code, 0, run.err);
    assert.match(run.err, /; talking to role 'target'\n$/);
    const lines = run.out.trimEnd().split('\n');
    assert.equal(lines[0], "subscribed to role 'target'/counter EV_CHANGED");
    assert.match(lines[1]!, / Target\/counter EV_CHANGED \{"count":14\}$/);
    assert.equal(lines[2], 'EV_INCREMENT -> 14');
  });

  test('gconsole - a wrong token: the target cannot be reached, exit 1', async () => {
    const run = await gconsole([target.url, '--token', 'wrong'], 'routes\n');
    assert.equal(run.code, 1);
    assert.equal(run.out, '');
    assert.equal(
      run.err,
      `gconsole: cannot reach ${target.url}: closed during the handshake: authentication failed: wrong token (code 1008) [GCONSOLE_UNREACHABLE]\n`,
    );
  });
});

describe('gconsole when its target goes away', () => {
  test('gconsole - the loss is told, and the commands then fail with GCONSOLE_NO_REPLY', async () => {
    const target = await startTarget('inspect');
    const child = spawn(process.execPath, [GCONSOLE, target.url, '--timeout', '1'], {
      stdio: 'pipe',
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdin.end('send counter EV_GET\nwait 0.2\nsend counter EV_GET\n');
    // The target dies once the first command is answered, during the wait.
    for await (const chunk of child.stdout) {
      out += (chunk as Buffer).toString();
      if (out.includes('\n')) break;
    }
    target.child.kill('SIGKILL');
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 1);
    assert.equal(out, 'EV_GET -> {"count":0}\n');
    const lines = err.trimEnd().split('\n').slice(1);
    assert.match(lines[0]!, /^connection to 'Target' lost \(.*\); connecting again$/);
    assert.equal(
      lines[1],
      "error: no answer to 'EV_GET' from Target/counter within 1 s (--timeout); the connection to 'Target' is down [GCONSOLE_NO_REPLY]",
    );
  });
});

describe('gconsole against a gaplic that does not allow inspection', () => {
  let target: { child: ChildProcess; url: string };
  before(async () => {
    target = await startTarget('no');
  });
  after(() => stopTarget(target.child));

  test('gconsole - gobjs and show are refused; routes and send still work', async () => {
    const run = await gconsole([target.url], 'gobjs\nshow counter\nroutes\nsend counter EV_GET\n');
    assert.equal(run.code, 1);
    const refusal =
      "error: the gaplic Target does not allow inspection (its router parameter 'inspect' is false): set router.inspect = true in its ini file, or 'router.inspect': true in its settings [GCONSOLE_INSPECTION_REFUSED]";
    assert.deepEqual(run.err.trimEnd().split('\n').slice(1), [refusal, refusal]);
    assert.match(run.out, /^Target \(roles target\): 1 routes/);
    assert.match(run.out, /\nEV_GET -> \{"count":0\}\n$/);
  });
});

describe('gconsole without a target', () => {
  test('gconsole - nothing listens at the URL: exit 1 at once', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    server.close();
    await once(server, 'close');
    const run = await gconsole([`ws://127.0.0.1:${port}`], 'routes\n');
    assert.equal(run.code, 1);
    assert.equal(run.out, '');
    assert.equal(
      run.err,
      `gconsole: cannot reach ws://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port} [GCONSOLE_UNREACHABLE]\n`,
    );
  });

  test('gconsole - a bad command line: the usage, exit 2; --help: exit 0', async () => {
    const bad = await gconsole(['http://127.0.0.1:1'], '');
    assert.equal(bad.code, 2);
    assert.match(
      bad.err,
      /^gconsole: URL 'http:\/\/127\.0\.0\.1:1' is not a ws:\/\/ or wss:\/\/ URL \(expected ws:\/\/host:port\) \[GCONSOLE_BAD_OPTION\]\nUsage: gconsole /,
    );
    const help = await gconsole(['--help'], '');
    assert.equal(help.code, 0);
    assert.match(help.out, /^Usage: gconsole \[options\] <ws:\/\/host:port>/);
  });
});
