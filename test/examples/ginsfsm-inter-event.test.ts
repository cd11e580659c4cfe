// ginsfsm's inter_event demo (examples/ginsfsm/inter_event/): four gaplics, each under
// its own gserve with its own ini (then all four under one gserve, all.ini), and the
// client under another, on free ports. Real time: five processes talking over real
// WebSockets, stopped by real signals — nothing a TestClock can drive. The client's lines
// show each service answering it by name across one, two and three hops, and the draws of
// role publicidad reaching it until it unsubscribes.
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
import { freePort, gserve, type GServeRun } from './gserve-run.js';

/** What the client prints, draw numbers left out. */
function clientLines(user: string): string[] {
  return [
    "Cliente: route to 'Gran-Villain' open",
    `Cliente: account of ${user} opened by Gran-Villain/cuentas`,
    'Cliente: RobberA/prestamos lent me money: I owe 1000 euros',
    'Cliente: RobberA/prestamos lent me money: I owe 2000 euros',
    'Cliente: Madrid/acciones sold me shares: I have 10',
    'Cliente: subscribed to the draws of role publicidad',
    'Cliente: Enganabobos/sorteo says: Premio gordo!! (draw N)',
    'Cliente: Enganabobos/sorteo says: Premio gordo!! (draw N)',
    'Cliente: 2 draws are enough: unsubscribed',
  ];
}

function withoutDraw(line: string): string {
  return line.replace(/\(draw \d+\)/, '(draw N)');
}

async function freePorts() {
  return {
    port_banco: await freePort(),
    port_financiera: await freePort(),
    port_bolsa: await freePort(),
    port_publicidad: await freePort(),
    port_web: await freePort(),
  };
}

/**
 * Stops every run, the last started first, then checks that each exited 0: one that did
 * not must not leave the others running (the test file would wait for them).
 */
async function stopAll(runs: readonly GServeRun[]): Promise<void> {
  const codes: (number | null)[] = [];
  for (const run of [...runs].reverse()) codes.push(await run.stop());
  [...runs].reverse().forEach((run, i) => assert.equal(codes[i], 0, run.output()));
}

/**
 * Starts the four services, each under its own gserve, servers first (static routes would
 * retry anyway, with a warning each time); each run goes into `runs` as it starts.
 */
async function services(ports: Record<string, number>, runs: GServeRun[]): Promise<void> {
  for (const [ini, vars] of [
    ['ap3_bolsa.ini', {}],
    ['ap4_publicidad.ini', { seconds: 0.1 }],
    ['ap2_financiera.ini', {}],
    ['ap1_banco.ini', {}],
  ] as const) {
    const run = gserve(`inter_event/${ini}`, { ...ports, ...vars });
    runs.push(run);
    await run.waitFor(/^INFO GRouter:router: listening on ws:/);
  }
}

// The two at once: each is its own set of processes, on its own ports.
describe('inter_event under gserve', { concurrency: true }, () => {
  test('inter_event - banco, financiera, bolsa and publicidad answer a client that only knows banco', async () => {
    const ports = await freePorts();
    const runs: GServeRun[] = [];
    try {
      await services(ports, runs);
      const [bolsa, publicidad, financiera, banco] = runs as [GServeRun, ...GServeRun[]];
      const cliente = gserve('inter_event/cliente.ini', { ...ports, user: 'Ana' });
      runs.push(cliente);
      await cliente.waitFor(/^Cliente: 2 draws are enough: unsubscribed$/);
      const lines = cliente.lines.filter((l) => l.startsWith('Cliente:'));
      assert.deepEqual(lines.map(withoutDraw), clientLines('Ana'));
      // Two draws in a row, then none for the client.
      const draws = lines.map((l) => /\(draw (\d+)\)/.exec(l)?.[1]).filter((d) => d !== undefined);
      assert.equal(Number(draws[1]), Number(draws[0]) + 1);
      assert.ok(banco!.lines.includes('Gran-Villain: account of Ana opened (1 accounts)'));
      assert.ok(financiera!.lines.includes('RobberA: Ana owes 2000 euros'));
      assert.ok(bolsa.lines.includes('Madrid: Ana has 10 shares'));
      // The unsubscription went the three hops back: the subscriber count falls to 0.
      const subscribed = publicidad!.lines.findIndex((l) => / for 1 subscribers$/.test(l));
      assert.ok(subscribed >= 0, publicidad!.output());
      await publicidad!.waitFor(/^Enganabobos: draw \d+ for 0 subscribers$/, { from: subscribed });
    } finally {
      await stopAll(runs);
    }
  });

  test('inter_event - all.ini runs the four under one gserve (banco main, the others child processes)', async () => {
    const ports = await freePorts();
    const all = gserve('inter_event/all.ini', { ...ports, seconds: 0.1 });
    let cliente: GServeRun | null = null;
    try {
      await all.waitFor(
        /^gserve: running all\.ini .*subprocesses \[RobberA, Madrid, Enganabobos\]$/,
      );
      cliente = gserve('inter_event/cliente.ini', ports);
      await cliente.waitFor(/^Cliente: 2 draws are enough: unsubscribed$/);
      const lines = cliente.lines.filter((l) => l.startsWith('Cliente:'));
      assert.deepEqual(lines.map(withoutDraw), clientLines('Pepe'));
      assert.ok(all.lines.includes('Madrid: Pepe has 10 shares'), all.output());
    } finally {
      await stopAll(cliente === null ? [all] : [all, cliente]);
    }
  });
});

// The original's client was a page the bank served: navegador.ts, served by ap1_banco.ini's
// web app, runs the same Cliente gclass in Debian's Chromium (playwright-core), its gaplic
// reaching the bank with the browser's own WebSocket. Chromium missing: skipped, saying
// why, except under CI=true, where it fails.
describe('inter_event in a browser', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  test('inter_event - the page the bank serves runs the client: account, loans, shares, two draws', async () => {
    requireChromium();
    const ports = await freePorts();
    const runs: GServeRun[] = [];
    const home = mkdtempSync(join(tmpdir(), 'ginsfsm-chromium-'));
    let browser: Browser | null = null;
    try {
      await services(ports, runs);
      const banco = runs[3]!;
      const [, web] = await banco.waitFor(/^INFO web: serving on (http:\S+)$/);
      browser = await launchChromium(home);
      const page = await browser.newPage();
      const lines: string[] = [];
      page.on('console', (message) => lines.push(message.text()));
      page.on('pageerror', (error) => lines.push(`page error: ${error.message}`));
      await page.goto(`${web!}/?router=ws://127.0.0.1:${ports.port_banco}&user=Eva`);
      await until(
        () => lines.includes('Cliente: 2 draws are enough: unsubscribed'),
        30_000,
        "the page's client to finish",
      ).catch((error: Error) => {
        throw new Error(`${error.message}; the page said:\n${lines.join('\n')}`);
      });
      const said = lines.filter((l) => l.startsWith('Cliente:')).map(withoutDraw);
      assert.deepEqual(said, clientLines('Eva'));
      // What it printed shows on the page too.
      const shown = (await page.textContent('#log')) ?? '';
      assert.ok(shown.endsWith('Cliente: 2 draws are enough: unsubscribed\n'), shown);
      assert.ok(banco.lines.includes('Gran-Villain: account of Eva opened (1 accounts)'));
    } finally {
      if (browser !== null) await browser.close();
      rmSync(home, { recursive: true, force: true });
      await stopAll(runs);
    }
  });
});
