// ginsfsm's inter_event demo (examples/ginsfsm/inter_event/): four gaplics, each under
// its own gserve with its own ini (then all four under one gserve, all.ini), and the
// client under another, on free ports. Real time: five processes talking over real
// WebSockets, stopped by real signals — nothing a TestClock can drive. The client's lines
// show each service answering it by name across one, two and three hops, and the draws of
// role publicidad reaching it until it unsubscribes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
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
  };
}

// The two at once: each is its own set of processes, on its own ports.
describe('inter_event under gserve', { concurrency: true }, () => {
  test('inter_event - banco, financiera, bolsa and publicidad answer a client that only knows banco', async () => {
    const ports = await freePorts();
    const runs: GServeRun[] = [];
    try {
      // Servers first (static routes would retry anyway, with a warning each time).
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
      for (const run of runs.reverse()) {
        assert.equal(await run.stop(), 0, run.output());
      }
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
      if (cliente !== null) assert.equal(await cliente.stop(), 0, cliente.output());
      assert.equal(await all.stop(), 0, all.output());
    }
  });
});
