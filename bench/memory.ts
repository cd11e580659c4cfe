/**
 * 5. Retained heap per idle gobj: create 100k toggle gobjs (children of the gaplic),
 * full GC, heapUsed difference / 100k; against 100k XState actors created and started
 * the same way (kept in an array). The time to create them is printed for reference.
 */
import { createActor, type Actor } from 'xstate';
import { GAplic, silentLogger } from '../src/index.js';
import { Toggle, xToggle } from './fixtures.js';
import { heapAfterGc, measure, row, runSection, scaled, timeMs } from './harness.js';

const N = 100_000;
const REPS = 3;

/**
 * Heap per object held after `create(n)` made n of them, and the creation time (of N
 * objects, whatever the scale). `create` returns a check that keeps them alive until the
 * second measure.
 */
function retained(n: number, create: (n: number) => () => void): { bytes: number; ms: number } {
  const before = heapAfterGc();
  let release: () => void = () => {};
  const ms = timeMs(() => (release = create(n)));
  const bytes = (heapAfterGc() - before) / n;
  release();
  return { bytes, ms: (ms * N) / n };
}

runSection('5. retained heap per idle gobj', () => {
  const m = measure(REPS, {
    ours: (s) =>
      retained(scaled(N, s), (n) => {
        const gaplic = new GAplic({ logger: silentLogger });
        for (let i = 0; i < n; i++) gaplic.createGObj(null, Toggle, gaplic);
        return () => {
          if (gaplic.children.length !== n) throw new Error('gobjs missing');
        };
      }),
    xstate: (s) =>
      retained(scaled(N, s), (n) => {
        const actors: Actor<typeof xToggle>[] = [];
        for (let i = 0; i < n; i++) actors.push(createActor(xToggle).start());
        return () => {
          if (actors.length !== n) throw new Error('actors missing');
        };
      }),
  });

  return [
    row(
      'retained heap per idle gobj',
      'B',
      m.ours.bytes!,
      'XState actor (started)',
      m.xstate.bytes!,
      {
        kind: 'ours<',
        value: 1024,
      },
    ),
    row(
      `time to create ${N.toLocaleString('en-US')}`,
      'ms',
      m.ours.ms!,
      'XState createActor+start',
      m.xstate.ms!,
      null,
    ),
  ];
});
