// Issue #5 §5: silent failures become visible, as data. Every run-time fault is logged
// with a stable code (`message [CODE]`), counted, and given to `onFault` as
// `{ code, level, message, gobj, event }`; the catalogue is FAULT_CODES.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { consoleLogger, FAULT_CODES, GAplic, type Fault } from '../../src/index.js';
import { CaptureLogger, drain } from '../../src/testing/index.js';
import { REPO_ROOT } from '../repo-root.js';
import { codes, Probe, world } from '../fixtures/probe.js';

describe('faults - warnings once, with a code', () => {
  test('a gaplic holding work that was never started warns once after the turn', () => {
    const { gaplic, clock, faults, probe } = world();
    const p = probe('p');
    p.postEvent(p, 'EV_A');
    p.postEvent(p, 'EV_A');
    gaplic.addTimeout(5, () => {});
    clock.flush();
    clock.flush();
    assert.deepEqual(codes(faults), ['GAPLIC_NEVER_STARTED']);
    assert.match(
      faults[0]!.message,
      /holds 2 queued events or callbacks and 1 timers but was never started/,
    );
  });

  test('no warning when the gaplic is started or run in the same turn', () => {
    for (const run of [(g: GAplic) => void g.start(), (g: GAplic) => drain(g)]) {
      const { gaplic, clock, faults, probe } = world();
      const p = probe('p');
      p.postEvent(p, 'EV_A');
      run(gaplic);
      clock.flush();
      gaplic.stop();
      assert.deepEqual(codes(faults), []);
    }
  });

  test('a dotted setting that matched no gclass nor gobj name is reported when the gaplic stops', async () => {
    const { gaplic, faults } = world({
      settings: {
        'Prbe.traceTraverse': true,
        'Probe.traceSubscription': true,
        'p2.traceMach': true,
      },
    });
    gaplic.createGObj('p', Probe, gaplic);
    const stopped = gaplic.start();
    gaplic.stop();
    await stopped;
    assert.deepEqual(codes(faults), ['SETTING_UNMATCHED', 'SETTING_UNMATCHED']);
    assert.match(faults[0]!.message, /settings for 'Prbe' matched no gclass or gobj name/);
    assert.match(faults[1]!.message, /'p2'/);
  });

  test('broadcasting an event that is not an output warns once per gclass and event', () => {
    const { faults, probe } = world();
    const [a, b] = [probe('a'), probe('b')];
    a.broadcastEvent('EV_A' as never);
    a.broadcastEvent('EV_A' as never);
    b.broadcastEvent('EV_A' as never);
    b.broadcastEvent('EV_B' as never);
    assert.deepEqual(codes(faults), ['BROADCAST_NOT_OUTPUT', 'BROADCAST_NOT_OUTPUT']);
    assert.equal(faults[0]!.event, 'EV_A');
    assert.equal(faults[1]!.event, 'EV_B');
  });
});

describe('faults - as data', () => {
  test('a fault reaches onFault as { code, level, message, gobj, event } and its log line ends with the code', () => {
    const { gaplic, logger, faults, probe } = world();
    const p = probe('p');
    gaplic.sendEvent(p, 'EV_NOPE' as never);
    const expected: Fault = {
      code: 'EVENT_UNKNOWN',
      level: 'warn',
      message: "Probe:p: event 'EV_NOPE' unknown (events: 'EV_A', 'EV_B', 'EV_BOOM', 'EV_OUT')",
      gobj: 'Probe:p',
      event: 'EV_NOPE',
    };
    assert.deepEqual(faults, [expected]);
    assert.deepEqual(logger.messages('warn'), [`${expected.message} [EVENT_UNKNOWN]`]);
    assert.deepEqual(gaplic.faultCounts(), { EVENT_UNKNOWN: 1 });
  });

  test('an uncaught error is a fault carrying the error, also when onError handles it', () => {
    const { gaplic, faults, errors, probe } = world({}, true);
    const p = probe('p');
    p.postEvent(p, 'EV_BOOM', { n: 7 });
    drain(gaplic);
    assert.equal(errors.length, 1);
    assert.deepEqual(codes(faults), ['ACTION_FAILED']);
    assert.equal(faults[0]!.gobj, 'Probe:p');
    assert.equal(faults[0]!.event, 'EV_BOOM');
    assert.equal((faults[0]!.error as Error).message, 'boom 7');
  });

  test('a gobj outside any gaplic logs its faults to its own logger, with the code', () => {
    const logger = new CaptureLogger();
    const p = new Probe();
    p.logger = logger;
    p.injectEvent('EV_NOPE' as never);
    assert.match(logger.messages('warn')[0]!, /event 'EV_NOPE' unknown .* \[EVENT_UNKNOWN\]$/);
  });

  test('every fault code is upper snake case, with a level and a meaning, distinct from error codes', async () => {
    const { ERROR_CODES } = await import('../../src/index.js');
    for (const [code, [level, meaning]] of Object.entries(FAULT_CODES)) {
      assert.match(code, /^[A-Z]+(_[A-Z0-9]+)+$/);
      assert.ok(level === 'warn' || level === 'error', code);
      assert.ok(meaning.length > 10, code);
      assert.ok(!(code in ERROR_CODES), `${code} is also an error code`);
    }
  });
});

describe('faults - the logger', () => {
  test('the default logger prefixes each line with its level', () => {
    const lines: string[] = [];
    const original = { info: console.info, warn: console.warn, error: console.error };
    console.info = (line: string) => lines.push(line);
    console.warn = (line: string) => lines.push(line);
    console.error = (line: string) => lines.push(line);
    try {
      consoleLogger.info('a');
      consoleLogger.warn('b');
      consoleLogger.error('c');
      consoleLogger.debug('d');
    } finally {
      Object.assign(console, original);
    }
    assert.deepEqual(lines, ['INFO a', 'WARN b', 'ERROR c']);
  });

  test('the framework logs warnings and errors only as coded faults (no bare logger calls)', () => {
    const src = join(REPO_ROOT, 'src');
    const offenders: string[] = [];
    for (const file of readdirSync(src, { recursive: true }).map(String)) {
      if (!file.endsWith('.ts') || file === 'logger.ts') continue;
      const text = readFileSync(join(src, file), 'utf8');
      for (const [i, line] of text.split('\n').entries()) {
        if (/\.(warn|error)\(/.test(line) && !/codedError|Error\(/.test(line)) {
          offenders.push(`${file}:${i + 1}: ${line.trim()}`);
        }
        if (/safeLog\([^,]+, '(warn|error)'/.test(line) && !line.includes('faultLine(')) {
          offenders.push(`${file}:${i + 1}`);
        }
      }
    }
    assert.deepEqual(offenders, []);
  });
});
