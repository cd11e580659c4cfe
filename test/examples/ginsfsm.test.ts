// The ports of ginsfsm's examples (examples/ginsfsm/), each run under the real gserve as
// its README says, with free ports and short periods given as ini variables. Real time:
// gserve is a process of its own (with threads and child processes of its own), its
// servers real sockets, and SIGTERM a real signal: none of it runs on a TestClock. Each
// test asserts on the example's lines, and for a server on a real request.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  launchChromium,
  requireChromium,
  SKIP_WITHOUT_CHROMIUM,
} from '../fixtures/browser/chromium.js';
import { until } from '../fixtures/client.js';
import { SIMPLE_BODY } from '../../examples/ginsfsm/simple_http_server/simple-http-server.js';
import { freePort, gserve, type GServeRun } from './gserve-run.js';

/** Stops `run` and checks that gserve stopped cleanly. */
async function stopped(run: GServeRun): Promise<void> {
  assert.equal(await run.stop(), 0, run.output());
  assert.ok(run.lines.includes('gserve: stopped'), run.output());
}

// A few at a time: each is a process (some with threads and children of their own).
describe('ginsfsm examples under gserve', { concurrency: 3 }, () => {
  test('ontimer - runs the command every `seconds`, `count` times, with its transitions', async () => {
    const run = gserve('ontimer/app.ini', { seconds: 0.05, command: 'echo tick', count: 2 });
    try {
      await run.waitFor(/^OnTimer: finished after 2 runs$/);
      const lines = run.lines;
      assert.ok(lines.includes("OnTimer: running 'echo tick' every 0.05 s, 2 times"));
      assert.deepEqual(
        lines.filter((l) => /^INFO (ontimer: run|tick)/.test(l)),
        [
          "INFO ontimer: run 1/2 of 'echo tick': exit code 0",
          'INFO tick',
          "INFO ontimer: run 2/2 of 'echo tick': exit code 0",
          'INFO tick',
        ],
      );
      assert.ok(lines.includes('INFO -> OnTimer:ontimer ST_IDLE EV_TIMEOUT acRun()'));
    } finally {
      await stopped(run);
    }
  });

  test('simple_http_server - answers every request with the three lines, then closes', async () => {
    const run = gserve('simple_http_server/app.ini', { host: '127.0.0.1', port: 0 });
    try {
      const [, url] = await run.waitFor(/^SimpleHttpServer: listening on (http:\S+)$/);
      for (const path of ['/', '/any/path?x=1']) {
        const response = await fetch(`${url}${path}`);
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
        assert.equal(response.headers.get('connection'), 'close');
        assert.equal(await response.text(), SIMPLE_BODY);
        await run.waitFor(new RegExp(`^SimpleHttpServer: GET ${path.replace('?', '\\?')}$`));
      }
      await run.waitFor(/^SimpleHttpServer: channel 2 opened \(127\.0\.0\.1:\d+\)$/);
      await run.waitFor(/^SimpleHttpServer: channel closed/);
    } finally {
      await stopped(run);
    }
  });

  test('simple_wsgi_server - the composite serves the application: Hello World', async () => {
    const run = gserve('simple_wsgi_server/app.ini', { host: '127.0.0.1', port: 0 });
    try {
      const [, url] = await run.waitFor(/^INFO wsgi-server: serving on (http:\S+)$/);
      const response = await fetch(`${url}/`);
      assert.equal(response.status, 200);
      assert.equal(await response.text(), 'Hello World\n');
      await run.waitFor(/^gserve: running app\.ini \(pid \d+\): main 'Wsgi-Example'/);
      // The main gaplic is the server's parent: no warning about EV_LISTENING.
      assert.deepEqual(
        run.lines.filter((l) => l.startsWith('WARN')),
        [],
      );
    } finally {
      await stopped(run);
    }
  });

  test('multiple_wsgi_server - three applications under /, /app2 and /app3', async () => {
    const run = gserve('multiple_wsgi_server/app.ini', { host: '127.0.0.1', port: 0 });
    try {
      const [, url] = await run.waitFor(/^Wsgi-Example: serving \/, \/app2 and \/app3 on (\S+)$/);
      const answers = [];
      for (const path of ['/', '/app2', '/app3/x', '/app2x']) {
        answers.push((await (await fetch(`${url}${path}`)).text()).trim());
      }
      assert.deepEqual(answers, [
        'Hello World ONE! (path /)',
        'Hello World TWO! (path /)',
        'Hello World THREE! (path /x)',
        'Hello World ONE! (path /app2x)', // a prefix matches whole segments only
      ]);
    } finally {
      await stopped(run);
    }
  });

  test('stress_server_echo and stress_client_echo - the client measures echoes of the server', async () => {
    const server = gserve('stress_server_echo/app.ini', { port: 0, seconds: 0.2 });
    let client: GServeRun | null = null;
    try {
      const [, port] = await server.waitFor(/^OnServer: echo server listening on [\d.]+:(\d+)$/);
      client = gserve('stress_client_echo/app.ini', { port: port!, connections: 5, seconds: 0.3 });
      await client.waitFor(/^OnClient: 5 connections up$/);
      // A round may end short on a loaded machine (reported at the next one): wait for a
      // whole one.
      await client.waitFor(
        /^OnClient: Echoes OK: 5 of 5, taverage [\d.]+ ms, tmin [\d.]+ ms, tmax [\d.]+ ms$/,
      );
      await server.waitFor(/^OnServer: Server's clients: 5, connected 5$/);
    } finally {
      if (client !== null) await stopped(client);
      await stopped(server);
    }
  });

  for (const [composite, where] of [
    ['main', 'threads [Server], subprocesses []'],
    ['process', 'threads [], subprocesses [Server]'],
  ] as const) {
    test(`stress_connections - server in ${composite === 'main' ? 'a thread' : 'a child process'}, client in main: the time to the total`, async () => {
      const run = gserve('stress_connections/app.ini', { port: 0, connections: 20 }, [
        '-n',
        composite,
      ]);
      try {
        await run.waitFor(/^Server: 20 connections in [\d.]+ s$/);
        await run.waitFor(/^Client: 20 connections up$/);
        assert.ok(
          run.lines.some((l) => l.endsWith(`main 'Client', ${where}`)),
          run.output(),
        );
        assert.equal(run.lines.filter((l) => /^Server: connection \d+ from/.test(l)).length, 20);
        // The client connects where the server says it listens (port=0: any free port).
        const [, port] = await run.waitFor(/^Server: listening on 127\.0\.0\.1:(\d+)$/);
        assert.ok(run.lines.includes(`Client: opening 20 connections to 127.0.0.1:${port}`));
      } finally {
        await stopped(run);
      }
    });
  }

  test('ongsock - every `seconds`: connect, GET /, print the answer, drop at the next timeout', async () => {
    const port = await freePort();
    const run = gserve('ongsock/app.ini', { port, seconds: 0.5 });
    try {
      await run.waitForLines(/^OnGSock: received \d+ bytes: HTTP\/1\.1 200 OK$/, 2);
      await run.waitForLines(/^OnGSock: disconnected \(dropped\), again in 0\.5 s$/, 2);
      // Each round in order (the first attempt may find the server not listening yet).
      const lines = run.lines.filter((l) => l.startsWith('OnGSock:'));
      const round = lines.indexOf(`OnGSock: connected to 127.0.0.1:${port}, sending GET /`);
      assert.deepEqual(
        lines.slice(round - 1, round + 4).map((l) => l.replace(/\d+ bytes/, 'N bytes')),
        [
          `OnGSock: connecting to 127.0.0.1:${port}`,
          `OnGSock: connected to 127.0.0.1:${port}, sending GET /`,
          'OnGSock: received N bytes: HTTP/1.1 200 OK',
          'OnGSock: disconnected (dropped), again in 0.5 s',
          `OnGSock: connecting to 127.0.0.1:${port}`,
        ],
      );
    } finally {
      await stopped(run);
    }
  });

  test('ongconnex - each GET, after the inactivity drop, goes to the other destination', async () => {
    const [port1, port2] = [await freePort(), await freePort()];
    const run = gserve('ongconnex/app.ini', { port1, port2, seconds: 0.8, inactivity: 0.2 });
    try {
      const answers = (
        await run.waitForLines(/^OnGConnex: 127\.0\.0\.1:(\d+) answered server (\d)$/, 3)
      ).map((m) => [Number(m[1]), m[2]] as const);
      for (const [i, [port, server]] of answers.entries()) {
        assert.equal(port, server === '1' ? port1 : port2);
        if (i > 0) assert.notEqual(server, answers[i - 1]![1], run.output());
      }
    } finally {
      await stopped(run);
    }
  });

  test('test_router - TITI (main) subscribes to TOTO (thread) over its static route: 5 messages, then unsubscribes', async () => {
    const port = await freePort();
    const run = gserve('test_router/app.ini', { port, timeout: 0.05 });
    try {
      await run.waitFor(/^TITI: link route to 'TOTO'/);
      const titi = run.lines.filter((l) => l.startsWith('TITI:'));
      assert.deepEqual(titi, [
        "TITI: static route to 'TOTO' open (roles toto)",
        ...[1, 2, 3, 4, 5].map((n) => `TITI: sample1 got EV_MESSAGE #${n} from TOTO/sample2`),
        'TITI: sample2 has broadcast 5 times and has 0 subscribers left',
        // Every event went over the WebSocket route, none by the thread's own.
        "TITI: static route to 'TOTO': events sent 8, received 6",
        "TITI: link route to 'TOTO': events sent 0, received 0",
      ]);
      assert.ok(run.lines.includes(`TOTO: router listening on ws://127.0.0.1:${port}`));
      assert.equal(
        run.lines.filter((l) => l === 'TOTO: sample2 sets a timeout of 0.05 s for TITI/sample1')
          .length,
        5,
      );
    } finally {
      await stopped(run);
    }
  });

  test('websocket_mixin - a remote client hears the driver and its answer to EV_COMANDO; so does code outside any gobj', async () => {
    const [portTcp, portRouter] = [await freePort(), await freePort()];
    const server = gserve('websocket_mixin/app.ini', {
      port_tcp: portTcp,
      port_router: portRouter,
      port_web: await freePort(),
      seconds: 0.1,
    });
    let client: GServeRun | null = null;
    try {
      await server.waitFor(/^gserve: running app\.ini .*main 'Protocolo1', threads \[TcpServer\]/);
      await server.waitFor(/^main: the driver says '(x{6})+'$/);
      client = gserve('websocket_mixin/navegador.ini', { port_router: portRouter });
      await client.waitFor(/^Navegador: answered: unsubscribed$/);
      const lines = client.lines.filter((l) => l.startsWith('Navegador:'));
      assert.equal(lines[0], 'Navegador: subscribed to the driver of role domotica');
      // TCP is a stream: two ticks may arrive as one chunk.
      assert.match(lines[1]!, /^Navegador: update '(x{6})+'$/);
      assert.match(lines[2]!, /^Navegador: update '(x{6})+'$/);
      assert.equal(lines[3], 'Navegador: sending EV_COMANDO');
      assert.deepEqual(lines.slice(-2), [
        "Navegador: update 'QUE SIIIIIIIIII'",
        'Navegador: answered: unsubscribed',
      ]);
      await server.waitFor(/^main: the driver says 'QUE SIIIIIIIIII'$/);
      assert.ok(server.lines.includes(`TcpServer: listening on 127.0.0.1:${portTcp}`));
    } finally {
      if (client !== null) await stopped(client);
      await stopped(server);
    }
  });

  test('example1 - one timer alternates task 1 and task 2', async () => {
    const run = gserve('example1/app.ini', { seconds1: 0.05, seconds2: 0.1 });
    try {
      await run.waitFor(/^Alternate: task 2 \(run 4\)/);
      assert.deepEqual(run.lines.filter((l) => l.startsWith('Alternate:')).slice(0, 4), [
        'Alternate: task 1 (run 1), task 2 in 0.1 s',
        'Alternate: task 2 (run 2), task 1 in 0.05 s',
        'Alternate: task 1 (run 3), task 2 in 0.1 s',
        'Alternate: task 2 (run 4), task 1 in 0.05 s',
      ]);
    } finally {
      await stopped(run);
    }
  });
});

// websocket_mixin's page, as the original's index.html + cliente.js: Protocolo1 serves it
// (app.ini's `http = web`) and Debian's Chromium (playwright-core) runs its Navegador
// gaplic, which reaches the driver over the browser's own WebSocket. Chromium missing:
// skipped, saying why, except under CI=true, where it fails.
describe('websocket_mixin in a browser', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  test("websocket_mixin - the page hears the driver, sends EV_COMANDO and gets 'QUE SIIIIIIIIII'", async () => {
    requireChromium();
    const [portTcp, portRouter, portWeb] = [await freePort(), await freePort(), await freePort()];
    const server = gserve('websocket_mixin/app.ini', {
      port_tcp: portTcp,
      port_router: portRouter,
      port_web: portWeb,
      seconds: 0.1,
    });
    const home = mkdtempSync(join(tmpdir(), 'ginsfsm-chromium-'));
    let browser: Browser | null = null;
    try {
      await server.waitFor(/^gserve: running app\.ini /);
      browser = await launchChromium(home);
      const page = await browser.newPage();
      const lines: string[] = [];
      page.on('console', (message) => lines.push(message.text()));
      page.on('pageerror', (error) => lines.push(`page error: ${error.message}`));
      await page.goto(`http://127.0.0.1:${portWeb}/?router=ws://127.0.0.1:${portRouter}`);
      await until(
        () => lines.includes('Navegador: answered: unsubscribed'),
        30_000,
        'the page to hear the answer',
      ).catch((error: Error) => {
        throw new Error(`${error.message}; the page said:\n${lines.join('\n')}`);
      });
      const said = lines.filter((l) => l.startsWith('Navegador:'));
      assert.equal(said[0], 'Navegador: subscribed to the driver of role domotica');
      assert.match(said[1]!, /^Navegador: update '(x{6})+'$/);
      assert.ok(said.includes('Navegador: sending EV_COMANDO'), said.join('\n'));
      assert.deepEqual(said.slice(-2), [
        "Navegador: update 'QUE SIIIIIIIIII'",
        'Navegador: answered: unsubscribed',
      ]);
      const shown = (await page.textContent('#log')) ?? '';
      assert.ok(shown.endsWith('Navegador: answered: unsubscribed\n'), shown);
    } finally {
      if (browser !== null) await browser.close();
      rmSync(home, { recursive: true, force: true });
      await stopped(server);
    }
  });
});
