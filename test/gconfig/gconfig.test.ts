// The standalone GConfig (src/gconfig/gconfig.ts): typed parameters for objects that are
// not gobjs, with the same pipeline.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FLAG_DIRECT_ATTR, GConfig } from '../../src/index.js';
import { CaptureLogger } from '../../src/testing/index.js';

const template = {
  port: { type: 'int', default: 8000, description: 'TCP port' },
  hosts: { type: 'tuple', default: 'a b', description: 'host names' },
  verbose: { type: 'bool', default: false, flag: FLAG_DIRECT_ATTR, description: 'direct' },
} as const;

describe('GConfig', () => {
  test('GConfig - writes the defaults into config, direct ones onto the object', () => {
    const cfg = new GConfig(template);
    assert.deepEqual(cfg.readParameters(), { port: 8000, hosts: ['a', 'b'] });
    assert.equal((cfg as unknown as { verbose: boolean }).verbose, false);
    assert.equal(cfg.readParameter('verbose'), false);
    assert.equal(cfg.logger, null);
    assert.equal(cfg.toString(), 'GConfig');
  });

  test('GConfig - writeParameters coerces, writeFewParameters filters, writeParameter reports', () => {
    const logger = new CaptureLogger();
    const cfg = new GConfig(template, logger);
    cfg.writeParameters({ port: '8080', hosts: 'x, y', verbose: 'on' });
    assert.equal(cfg.config.port, 8080);
    assert.deepEqual(cfg.config.hosts, ['x', 'y']);
    assert.equal(cfg.readParameter('verbose'), true);
    cfg.writeFewParameters(['hosts'], { port: 1, hosts: 'z' });
    assert.equal(cfg.config.port, 8080);
    assert.deepEqual(cfg.config.hosts, ['z']);
    assert.equal(cfg.writeParameter('port', '9'), true);
    assert.equal(cfg.writeParameter('port', 'nine'), false);
    assert.equal(cfg.writeParameter('nope', 1), false);
    assert.equal(cfg.config.port, 9);
    assert.equal(logger.messages('error').length, 2);
  });

  test('GConfig - reset restores defaults; unknown names are reported', () => {
    const logger = new CaptureLogger();
    const cfg = new GConfig(template, logger);
    cfg.writeParameters({ port: 1, hosts: 'q' });
    assert.equal(cfg.resetParameter('port'), true);
    assert.equal(cfg.config.port, 8000);
    assert.deepEqual(cfg.config.hosts, ['q']);
    cfg.resetAllParameters();
    assert.deepEqual(cfg.readParameters(), { port: 8000, hosts: ['a', 'b'] });
    assert.equal(cfg.resetParameter('nope'), false);
    assert.equal(cfg.readParameter('nope'), undefined);
    assert.equal(logger.messages('error').length, 2);
  });

  test('GConfig - without a logger, run-time errors are dropped without throwing', () => {
    const cfg = new GConfig(template);
    assert.doesNotThrow(() => cfg.writeParameters({ port: 'bad', nope: 1 }));
    assert.equal(cfg.config.port, 8000);
    assert.equal(cfg.readParameter('nope'), undefined);
  });

  test('GConfig - accepts a list of templates and throws for bad ones', () => {
    const cfg = new GConfig([template, { port: { type: 'str', default: 'p', description: '' } }]);
    assert.equal(cfg.config.port, 'p');
    assert.throws(() => new GConfig({ port: { type: 'int', default: 'x', description: '' } }), {
      name: 'GConfigValidateError',
      code: 'GCONFIG_INVALID_VALUE',
    });
    assert.throws(() => new GConfig({ port: { type: 'int', default: 1 } } as never), {
      name: 'GConfigTemplateError',
      code: 'GCONFIG_TEMPLATE_BAD_ENTRY',
    });
  });

  test('GConfig - instances do not share mutable values', () => {
    const lists = { items: { type: 'list', default: [1], description: '' } } as const;
    const a = new GConfig(lists);
    const b = new GConfig(lists);
    a.config.items.push(2);
    assert.deepEqual(b.config.items, [1]);
  });
});
