// loadApp: an ini composite read, checked, imported and built, nothing started; the ini
// reader's ConfigParser semantics; [logging]; the http seam. Bad input: every ConfigError
// code with the file, the line and the key (their exact messages are in test/docs).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  ConfigError,
  applyLogging,
  loadApp,
  type CompositeHttpApp,
  type HttpServing,
  GHttpServer,
} from '../../src/node.js';
import { resetGlobals } from '../../src/gaplic/globals.js';
import { readIni, interpolate } from '../../src/config/ini-reader.js';
import { composite, writeIni } from '../docs/compose-scenarios.js';
import { Desk } from '../fixtures/compose-apps.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const FRONT = 'use = call:../compose-apps.js#frontMain';

/** Runs `body` with console.log and console.warn captured. */
async function quietly<T>(body: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const { log, warn } = console;
  console.log = (line: string) => lines.push(line);
  console.warn = (line: string) => lines.push(line);
  try {
    return { value: await body(), lines };
  } finally {
    Object.assign(console, { log, warn });
  }
}

async function rejects(text: string, code: string, message: RegExp): Promise<void> {
  const file = writeIni(`t-${code}-${Math.random().toString(36).slice(2)}.ini`, text);
  await assert.rejects(
    quietly(() => loadApp(file)),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.equal(error.code, code);
      assert.ok(error.message.startsWith(`${file}:`), error.message);
      assert.match(error.message, message);
      return true;
    },
  );
}

afterEach(() => resetGlobals());

describe('ini reader', () => {
  test('ini reader - sections, both separators, comments, continuation lines, DEFAULT, %(name)s and %%', () => {
    const doc = readIni(
      [
        '# a comment',
        '[DEFAULT]',
        'port = 8000',
        '[app:x]',
        '; another',
        'use = call:./x.js#main',
        'url: http://host:%(port)s/a#b',
        'list = a',
        '  b',
        'pct = 100%%',
      ].join('\n'),
      '/a/app.ini',
    );
    const x = doc.sections.get('app:x')!;
    const value = (key: string) => interpolate(doc, x.entries.get(key)!, x, {});
    assert.equal(value('use'), 'call:./x.js#main'); // '#' is no comment inside a value
    assert.equal(value('url'), 'http://host:8000/a#b');
    assert.equal(value('list'), 'a\nb');
    assert.equal(value('pct'), '100%');
    assert.equal(x.entries.get('url')!.line, 7);
  });

  test('ini reader - a section or a key twice, a key before any section, a lone %', () => {
    const bad = (text: string, message: RegExp) =>
      assert.throws(
        () => {
          const doc = readIni(text, '/a/app.ini');
          for (const s of doc.sections.values())
            for (const e of s.entries.values()) interpolate(doc, e, s, {});
        },
        (e: unknown) =>
          (e as ConfigError).code === 'INI_SYNTAX' && message.test((e as Error).message),
      );
    bad('[a]\n[a]', /^\/a\/app\.ini:2: section \[a\] is declared twice \(first at line 1\)$/);
    bad('[a]\nk = 1\nk = 2', /^\/a\/app\.ini:3: key 'k' is set twice/);
    bad('k = 1', /^\/a\/app\.ini:1: key 'k' comes before any \[section\]$/);
    bad('[a]\nk = 5%', /^\/a\/app\.ini:2: the value of 'k' has a '%'/);
    bad('[a]\nk = %(nope)s', /^\/a\/app\.ini:2: 'k' refers to %\(nope\)s/);
    bad('[a]\nk = %(k)s', /names no key/);
  });
});

describe('loadApp', () => {
  test('loadApp - builds the main gaplic with its settings, sets up the thread and process gaplics, starts nothing', async () => {
    const file = writeIni(
      'full.ini',
      `[DEFAULT]
mood = calm

[composite:main]
use = call:ginsfsm#gaplicFactory
main = front
threads = calc
subprocesses = store

[app:front]
${FRONT}
name = Front
roles = front, desk
desk.greeting = hi from %(here)s
Desk.times = 3

[app:calc]
use = call:../remote-apps.js#calcMain
name = Calc
roles = calc
restart = on-crash
maxRestarts = 2

[app:store]
use = call:../remote-apps.js#storeMain
name = Store
Db.dir = %(here)s/data
stopTimeout = 2
`,
    );
    const { value: app, lines } = await quietly(() => loadApp(file, { vars: { extra: '1' } }));
    assert.deepEqual(lines, [
      `Front: desk says hi from ${join(FIXTURES, 'ini')} x3 (roles front,desk; mood calm)`,
    ]);
    assert.equal(app.file, file);
    assert.equal(app.main.name, 'Front');
    assert.deepEqual(app.main.roles, ['front', 'desk']);
    assert.equal(app.main.running, false);
    const desk = app.main.findUniqueGObj('desk') as Desk;
    assert.equal(desk.config.times, 3);
    assert.deepEqual(
      app.workers.map((w) => [w.name, w.kind, w.status, [...w.roles]]),
      [
        ['Calc', 'thread', 'idle', ['calc']],
        ['Store', 'process', 'idle', []],
      ],
    );
    assert.deepEqual(app.http, []);
    assert.equal(app.logging, null);
    assert.deepEqual(app.modules, [
      join(FIXTURES, 'compose-apps.js'),
      join(FIXTURES, 'remote-apps.js'),
      join(FIXTURES, 'remote-apps.js'),
    ]);
  });

  test("loadApp - a package name in use is imported from the ini file's folder", async () => {
    const file = writeIni('package.ini', composite('use = call:ws#default'));
    // ws's WebSocket is a class: called as a factory, it throws.
    await assert.rejects(
      quietly(() => loadApp(file)),
      { code: 'INI_FACTORY_FAILED' },
    );
  });

  test('loadApp - http apps are imported, checked and handed to the HttpServing once the main gaplic runs', async () => {
    const file = writeIni(
      'http-ok.ini',
      composite(FRONT, 'wsgi = hello') +
        '[app:hello]\nuse = call:../compose-apps.js#notAFactory\nport = 8000\n',
    );
    const served: [readonly CompositeHttpApp[], boolean][] = [];
    let closed = 0;
    const http: HttpServing = {
      serve: (apps, main) => void served.push([apps, main.running]),
      close: () => void (closed += 1),
    };
    const { value: app } = await quietly(() => loadApp(file, { http }));
    assert.equal(served.length, 0);
    await app.start();
    assert.equal(served.length, 1);
    const [[apps, running]] = served as [[readonly CompositeHttpApp[], boolean]];
    assert.equal(running, true);
    assert.deepEqual(
      apps.map((a) => [a.section, a.app, a.settings, a.where]),
      [['hello', 42, { port: '8000' }, `${file}:7`]],
    );
    await quietly(() => app.stop());
    assert.equal(closed, 1);
    assert.equal(app.main.running, false);
    assert.equal(app.main.findUniqueGObj('desk'), undefined, 'the desk went out');
  });

  test('loadApp - by default each http app is served by a GHttpServer of the main gaplic, its section keys as parameters', async () => {
    // Real time: a real socket on loopback.
    const file = writeIni(
      'http-served.ini',
      composite(FRONT, 'http = hello') +
        '[app:hello]\nuse = call:../compose-apps.js#helloHttp\nport = 0\nmaxBodySize = 1024\n',
    );
    const { value: app } = await quietly(() => loadApp(file));
    await quietly(() => app.start());
    try {
      const server = app.main.children.find((c) => c.name === 'hello') as GHttpServer;
      assert.ok(server instanceof GHttpServer);
      assert.equal(server.config.maxBodySize, 1024);
      const { url } = await server.listening;
      const response = await fetch(`${url}/x`);
      assert.equal(await response.text(), 'hello from /x');
    } finally {
      await quietly(() => app.stop());
    }
    assert.equal(
      app.main.children.find((c) => c.name === 'hello'),
      undefined,
      'closed',
    );
  });

  test('loadApp - an http section may name the subscriber of its server, which gets EV_LISTENING', async () => {
    // Real time: a real socket on loopback.
    const file = writeIni(
      'http-subscriber.ini',
      composite(FRONT, 'http = hello') +
        '[app:hello]\nuse = call:../compose-apps.js#helloHttp\nport = 0\nsubscriber = desk\n',
    );
    const { value: app } = await quietly(() => loadApp(file));
    await quietly(() => app.start());
    try {
      const server = app.main.children.find((c) => c.name === 'hello') as GHttpServer;
      assert.deepEqual(
        server.getSubscriptions().map((s) => s.subscriber),
        ['desk'],
      );
      assert.equal(app.main.faultCounts().SUBSCRIPTION_NOT_FOUND, undefined);
    } finally {
      await quietly(() => app.stop());
    }
  });

  test('loadApp - an http section key that is no GHttpServer parameter stops the start with its code', async () => {
    const file = writeIni(
      'http-bad-key.ini',
      composite(FRONT, 'http = hello') +
        '[app:hello]\nuse = call:../compose-apps.js#helloHttp\nport = 0\nsize = 3\n',
    );
    const { value: app } = await quietly(() => loadApp(file));
    await assert.rejects(
      quietly(() => app.start()),
      { code: 'GCONFIG_UNKNOWN_PARAMETER' },
    );
    await quietly(() => app.stop());
  });

  test('loadApp - bad input stops it before anything is built, naming the file, the line and the key', async () => {
    await rejects(
      // The refused one, though the message lists 'greeting' among the known parameters.
      composite(`${FRONT}\ndesk.greeting = hi\ndesk.colour = red`),
      'INI_BAD_SETTING',
      /:\d+: \[app:front\] setting 'desk\.colour' = "red" \(string\) was refused: .*unknown parameter 'colour'/,
    );
    await rejects(
      composite(FRONT, 'port = 1'),
      'INI_BAD_SETTING',
      /:4: \[composite:main\] key 'port' is not one of/,
    );
    await rejects(
      composite(FRONT).replace('main = front', 'main = front back'),
      'INI_BAD_SETTING',
      /key 'main' got "front back"/,
    );
    await rejects(
      composite(FRONT).replace('main = front', ''),
      'INI_BAD_SETTING',
      /has no key 'main'/,
    );
    await rejects(
      composite(FRONT, 'threads = front'),
      'INI_BAD_SETTING',
      /lists \[app:front\] a second time/,
    );
    await rejects(
      composite(`${FRONT}\nrestart = always`),
      'INI_BAD_SETTING',
      /key 'restart' applies only to apps listed in 'threads' or 'subprocesses'/,
    );
    await rejects(
      composite(FRONT, 'threads = calc') +
        '[app:calc]\nuse = call:../remote-apps.js#calcMain\nname = front\n',
      'INI_BAD_SETTING',
      /makes a gaplic named 'front', as \[app:front\] does/,
    );
    await rejects(
      composite(FRONT, 'threads = calc') +
        '[app:calc]\nuse = call:../remote-apps.js#calcMain\nstopTimeout = -1\n',
      'INI_BAD_SETTING',
      /key 'stopTimeout' got "-1" \(string\), expected a number > 0/,
    );
    await rejects(
      composite(FRONT) + '[logging]\nlevel = loud\n',
      'INI_BAD_SETTING',
      /\[logging\] key 'level' got "loud"/,
    );
    await rejects(
      composite(FRONT).replace('ginsfsm#gaplicFactory', 'ginsfsm#other'),
      'INI_BAD_EXPORT',
      /key 'use' got "call:ginsfsm#other" \(string\), expected 'call:ginsfsm#gaplicFactory'/,
    );
    await rejects(
      composite(FRONT).replace('use = call:ginsfsm#gaplicFactory', ''),
      'INI_MISSING_USE',
      /section \[composite:main\] has no key 'use'/,
    );
    await rejects(
      composite('use = call:../compose-apps.js#misnamedMain'),
      'INI_FACTORY_FAILED',
      /returned a gaplic named 'Other', expected a GAplic named 'front'/,
    );
    await rejects(
      composite('use = call:../compose-apps.js#nothing'),
      'INI_BAD_EXPORT',
      /export 'nothing' of '.*compose-apps\.js' got undefined/,
    );
    await rejects(
      composite('use = call:no-such-package-here#main'),
      'INI_BAD_MODULE',
      /cannot import 'no-such-package-here'/,
    );
    await rejects(
      '[composite:other]\nuse = call:ginsfsm#gaplicFactory\n',
      'INI_UNKNOWN_SECTION',
      /no \[composite:main\] section \(composites: \[composite:other\]\)/,
    );
  });

  test('loadApp - a setting a worker refuses stops the start at its line; the main gaplic never runs', async () => {
    const file = writeIni(
      'refused.ini',
      composite(FRONT, 'subprocesses = store') +
        '\n[app:store]\nuse = call:../remote-apps.js#storeMain\nname = Store\nDb.capacity = lots\n',
    );
    const { value: app } = await quietly(() => loadApp(file));
    try {
      await assert.rejects(app.start(), (error: unknown) => {
        assert.ok(error instanceof ConfigError, String(error));
        assert.equal(error.code, 'INI_BAD_SETTING');
        assert.ok(
          error.message.startsWith(
            `${file}:11: [app:store] setting 'Db.capacity' = "lots" (string) was refused: Db:db: parameter 'capacity' (int) got "lots"`,
          ),
          error.message,
        );
        assert.match(error.message, /\[GCONFIG_INVALID_VALUE\]$/);
        return true;
      });
      assert.equal(app.main.running, false);
    } finally {
      await quietly(() => app.stop());
    }
  });

  test('loadApp - a file that cannot be read is INI_SYNTAX', async () => {
    await assert.rejects(loadApp(join(FIXTURES, 'ini', 'none.ini')), {
      code: 'INI_SYNTAX',
      message: new RegExp(`^${join(FIXTURES, 'ini', 'none.ini')}: cannot be read: ENOENT`),
    });
  });
});

describe('applyLogging', () => {
  test('applyLogging - drops what is below the level, writes JSON lines to the file, and is undone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ginsfsm-log-'));
    try {
      const file = join(dir, 'logs', 'app.log');
      const restore = applyLogging({ level: 'warn', format: 'json', file });
      try {
        console.info('INFO dropped');
        console.warn('WARN kept');
        console.error('ERROR kept too');
      } finally {
        restore();
      }
      const lines = readFileSync(file, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, string>);
      assert.deepEqual(
        lines.map((l) => [l.level, l.msg]),
        [
          ['warn', 'WARN kept'],
          ['error', 'ERROR kept too'],
        ],
      );
      assert.match(lines[0]!.time!, /^\d{4}-\d\d-\d\dT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
