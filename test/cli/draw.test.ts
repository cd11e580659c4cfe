// ginsfsm draw and describe: the Mermaid text and the SVG of a gclass's FSM hold every
// state, transition, input and output; describe prints the config table and the events;
// the tool itself, run as a child process, writes them and refuses what is no gclass.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { describeGClass } from '../../src/cli/describe.js';
import { fsmModel, fsmToMermaid, fsmToSvg } from '../../src/cli/fsm-draw.js';
import { Turnstile } from '../fixtures/compose-apps.js';

const GINSFSM = fileURLToPath(new URL('../../src/cli/ginsfsm.js', import.meta.url));
const APPS = fileURLToPath(new URL('../fixtures/compose-apps.js', import.meta.url));

function ginsfsm(...args: string[]) {
  return spawnSync(process.execPath, [GINSFSM, ...args], { encoding: 'utf8', timeout: 30_000 });
}

describe('ginsfsm draw', () => {
  test('draw - the model has every state, transition and event with its side', () => {
    const model = fsmModel('Turnstile', Turnstile.fsm);
    assert.deepEqual(model.states, ['ST_LOCKED', 'ST_UNLOCKED']);
    assert.deepEqual(
      model.rows.map((r) => [r.state, r.event, r.action, r.next]),
      [
        ['ST_LOCKED', 'EV_COIN', 'acUnlock', 'ST_UNLOCKED'],
        ['ST_LOCKED', 'EV_PUSH', null, null],
        ['ST_LOCKED', 'EV_ALARM', 'acAlarm', null],
        ['ST_UNLOCKED', 'EV_PUSH', 'acLock', 'ST_LOCKED'],
        ['ST_UNLOCKED', 'EV_COIN', 'acRefund', null],
      ],
    );
    assert.deepEqual(
      model.events.map((e) => [e.name, e.input, e.output, e.side]),
      [
        ['EV_COIN', true, false, 'top'],
        ['EV_PUSH', true, false, 'top'],
        ['EV_ALARM', true, false, 'bottom'],
        ['EV_OPENED', false, true, 'top'],
        ['EV_JAMMED', false, true, 'bottom'],
      ],
    );
    assert.equal(new Set(model.events.map((e) => e.color)).size, 5, 'one colour per event');
  });

  test('draw - Mermaid stateDiagram-v2: the initial state, a transition per row, inputs and outputs', () => {
    assert.equal(
      fsmToMermaid('Turnstile', Turnstile.fsm),
      `---
title: Turnstile
---
stateDiagram-v2
  [*] --> ST_LOCKED
  ST_LOCKED --> ST_UNLOCKED : EV_COIN / acUnlock
  ST_LOCKED --> ST_LOCKED : EV_PUSH
  ST_LOCKED --> ST_LOCKED : EV_ALARM / acAlarm
  ST_UNLOCKED --> ST_LOCKED : EV_PUSH / acLock
  ST_UNLOCKED --> ST_UNLOCKED : EV_COIN / acRefund
  note right of ST_LOCKED
    top input: EV_COIN, EV_PUSH
    bottom input: EV_ALARM
    top output: EV_OPENED
    bottom output: EV_JAMMED
  end note
`,
    );
  });

  test('draw - the SVG is self-contained and shows every state, row, state change, input and output', () => {
    const svg = fsmToSvg('Turnstile', Turnstile.fsm);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+"/);
    assert.ok(svg.trimEnd().endsWith('</svg>'));
    assert.doesNotMatch(svg, /href="http|<script|<image/, 'nothing outside');
    for (const state of ['ST_LOCKED', 'ST_UNLOCKED']) {
      assert.match(svg, new RegExp(`font-weight="bold">${state}</text>`));
    }
    const rows = [...svg.matchAll(/<text class="row"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    assert.deepEqual(rows, [
      'EV_COIN / acUnlock',
      'EV_PUSH',
      'EV_ALARM / acAlarm',
      'EV_PUSH / acLock',
      'EV_COIN / acRefund',
    ]);
    const changes = [...svg.matchAll(/<path class="next"[^>]*><title>([^<]*)<\/title>/g)].map(
      (m) => m[1],
    );
    assert.deepEqual(changes, [
      'ST_LOCKED → ST_UNLOCKED on EV_COIN',
      'ST_UNLOCKED → ST_LOCKED on EV_PUSH',
    ]);
    assert.equal((svg.match(/<g class="input top">/g) ?? []).length, 2);
    assert.equal((svg.match(/<g class="input bottom">/g) ?? []).length, 1);
    assert.match(svg, /<text class="output top"[^>]*>↑ EV_OPENED \(top output\)<\/text>/);
    assert.match(svg, /<text class="output bottom"[^>]*>↓ EV_JAMMED \(bottom output\)<\/text>/);
    // Balanced: every group closed.
    assert.equal((svg.match(/<g /g) ?? []).length, (svg.match(/<\/g>/g) ?? []).length);
  });

  test('draw - names are escaped in the SVG', () => {
    const fsm = {
      eventList: ['EV_<A>'],
      stateList: ['ST_&'],
      machine: { 'ST_&': [['EV_<A>', null, null]] },
    } as const;
    const svg = fsmToSvg('A&B', fsm);
    assert.match(svg, /<title>A&amp;B<\/title>/);
    assert.match(svg, />ST_&amp;<\/text>/);
    assert.doesNotMatch(svg, /EV_<A>/);
  });
});

describe('ginsfsm describe', () => {
  test('describe - the config table (name, type, default, description), the events and the states', () => {
    const text = describeGClass(Turnstile);
    assert.ok(
      text.startsWith(`Turnstile (extends GObj < SMachine)

Configurable parameters:
  Name   Type   Default    Description
  -----  -----  ---------  -------------------------
  price  float  0.5        Coins <taken> per passage
  tags   list   ["a","b"]  Labels
  and those of every gobj: traceTraverse, `),
      text,
    );
    assert.ok(
      text.endsWith(`Events:
  Event      Attributes
  ---------  -------------
  EV_COIN    top input
  EV_PUSH    top input
  EV_ALARM   bottom input
  EV_OPENED  top output
  EV_JAMMED  bottom output

States:
  ST_LOCKED (initial)
    EV_COIN / acUnlock -> ST_UNLOCKED
    EV_PUSH
    EV_ALARM / acAlarm
  ST_UNLOCKED
    EV_PUSH / acLock -> ST_LOCKED
    EV_COIN / acRefund
`),
      text,
    );
  });

  test('ginsfsm - the tool draws SVG into a file, Mermaid and describe on stdout, and refuses what is no gclass', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ginsfsm-draw-'));
    try {
      const file = join(dir, 't.svg');
      const svg = ginsfsm('draw', `${APPS}#Turnstile`, '-o', file);
      assert.deepEqual([svg.status, svg.stdout, svg.stderr], [0, '', '']);
      assert.equal(readFileSync(file, 'utf8'), fsmToSvg('Turnstile', Turnstile.fsm));
      const mermaid = ginsfsm('draw', `${APPS}#Turnstile`, '--format', 'mermaid');
      assert.deepEqual(
        [mermaid.status, mermaid.stdout],
        [0, fsmToMermaid('Turnstile', Turnstile.fsm)],
      );
      const described = ginsfsm('describe', `${APPS}#Turnstile`);
      assert.deepEqual([described.status, described.stdout], [0, describeGClass(Turnstile)]);
      const notOne = ginsfsm('describe', `${APPS}#notAFactory`);
      assert.equal(notOne.status, 1);
      assert.equal(
        notOne.stderr,
        `ginsfsm: export 'notAFactory' of '${APPS}' got 42 (number), expected a gclass (a class with a static fsm) [INI_BAD_EXPORT]\n`,
      );
      const missing = ginsfsm('draw', join(dir, 'nope.js#X'));
      assert.equal(missing.status, 1);
      assert.match(missing.stderr, /^ginsfsm: cannot import '.*nope\.js': .*\[INI_BAD_MODULE\]\n$/);
      const usage = ginsfsm('paint', `${APPS}#Turnstile`);
      assert.equal(usage.status, 2);
      assert.match(usage.stderr, /^ginsfsm: unknown command 'paint'\nUsage: ginsfsm <command>/);
      assert.equal(ginsfsm('draw', `${APPS}#Turnstile`, '--format', 'png').status, 2);
      assert.match(ginsfsm('help').stdout, /^Usage: ginsfsm <command>/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
