// CaptureLogger (ginsfsm/testing): keeps every log line with its level, so tests assert
// what was logged instead of letting it print.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GAplic, GObj, type Logger } from '../../src/index.js';
import { CaptureLogger, drain } from '../../src/testing/index.js';

describe('CaptureLogger', () => {
  test('CaptureLogger - keeps every line with its level, in order', () => {
    const logger = new CaptureLogger();
    logger.info('one');
    logger.error('two');
    logger.debug('three');
    logger.warn('four');
    assert.deepEqual(logger.lines, [
      { level: 'info', message: 'one' },
      { level: 'error', message: 'two' },
      { level: 'debug', message: 'three' },
      { level: 'warn', message: 'four' },
    ]);
  });

  test('CaptureLogger - messages(level) filters by level; messages() gives them all', () => {
    const logger = new CaptureLogger();
    logger.warn('w1');
    logger.info('i1');
    logger.warn('w2');
    assert.deepEqual(logger.messages('warn'), ['w1', 'w2']);
    assert.deepEqual(logger.messages('error'), []);
    assert.deepEqual(logger.messages(), ['w1', 'i1', 'w2']);
  });

  test('CaptureLogger - clear() forgets the lines', () => {
    const logger = new CaptureLogger();
    logger.error('x');
    logger.clear();
    assert.deepEqual(logger.lines, []);
    logger.info('y');
    assert.deepEqual(logger.messages(), ['y']);
  });

  test('CaptureLogger - captures what a gaplic and its gobjs log', () => {
    const logger: Logger & CaptureLogger = new CaptureLogger();
    const gaplic = new GAplic({ name: 'ga', logger });
    const gobj = gaplic.createGObj('plain', GObj, gaplic);
    assert.equal(gobj.logger, logger);
    gaplic.postEvent('nobody', 'EV_X');
    drain(gaplic);
    assert.equal(logger.messages('error').length, 1);
    assert.match(logger.messages('error')[0]!, /'EV_X' dropped/);
  });
});
