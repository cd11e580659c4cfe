// Guide, "Configuration".
import assert from 'node:assert/strict';
import {
  FLAG_DIRECT_ATTR,
  GAplic,
  GConfig,
  GObj,
  setGlobalApp,
  type FsmDescriptor,
  type GConfigTemplate,
} from '../../src/index.js';
import { CaptureLogger } from '../../src/testing/index.js';

const cfg = new GConfig({
  name: { type: 'str', default: null, description: 'str: null stays null' },
  port: { type: 'int', default: 8000, description: 'int: integers only' },
  ratio: { type: 'float', default: 0.5, description: 'float: any number' },
  debug: { type: 'bool', default: false, description: 'bool: true/false, yes/no, on/off, 1/0' },
  hosts: { type: 'list', default: [], description: 'list: "a, b c" is split' },
  pair: { type: 'tuple', default: null, description: 'tuple: a frozen list' },
  headers: { type: 'dict', default: null, description: 'dict: an object, a Map or JSON' },
  magic: { type: 'bytes', default: null, description: 'bytes: a Uint8Array' },
  db: { type: 'any', default: null, description: 'any: stored as is' },
});

// Values from an ini file arrive as strings; each is coerced to its parameter's type.
cfg.writeParameters({
  name: 8000,
  port: '8080',
  ratio: '0.25',
  debug: 'yes',
  hosts: 'alpha, beta gamma',
  pair: 'x y',
  headers: '{"accept": "text/plain"}',
  magic: 'GIF',
});
assert.deepEqual(cfg.readParameters(), {
  name: '8000',
  port: 8080,
  ratio: 0.25,
  debug: true,
  hosts: ['alpha', 'beta', 'gamma'],
  pair: ['x', 'y'],
  headers: { accept: 'text/plain' },
  magic: new Uint8Array([71, 73, 70]),
  db: null,
});

// 'app:<name>' in an `any` parameter is the object registered under <name>.
const database = { url: 'postgres://localhost/demo' };
setGlobalApp('guide-db', database);
cfg.writeParameter('db', 'app:guide-db');
assert.equal(cfg.config.db, database);

// A run-time write never throws: a bad value is logged and the old value kept.
const logger = new CaptureLogger();
const strictCfg = new GConfig({ port: { type: 'int', default: 80, description: '' } }, logger);
assert.equal(strictCfg.writeParameter('port', '80.5'), false);
assert.equal(strictCfg.config.port, 80);
assert.match(logger.messages('error')[0]!, /parameter 'port' \(int\) got "80.5"/);

// --- parameters of a gclass

function notNegative(value: number): number {
  if (value < 0) throw new Error('must be >= 0');
  return value;
}

const clientConfig = {
  retries: { type: 'int', default: 0, validate: notNegative, description: 'Reconnections' },
  timeout: {
    type: 'float',
    default: 5,
    flag: FLAG_DIRECT_ATTR, // stored as `client.timeout`, not `client.config.timeout`
    description: 'Seconds to wait for an answer',
  },
} as const satisfies GConfigTemplate;

class Client extends GObj<FsmDescriptor, typeof clientConfig> {
  static override gconfig = clientConfig;
  declare timeout: number; // the type of the direct parameter
}

class SecureClient extends Client {} // inherits Client's parameters

const gaplic = new GAplic({
  name: 'config',
  logger,
  settings: {
    retries: '1', // undotted: every gobj that has a 'retries' parameter
    'GObj.timeout': '2', // every gobj that has 'timeout'
    'Client.retries': '3', // every Client, including subclasses
    'SecureClient.retries': '4', // every SecureClient
    'backup.retries': '5', // the gobj named 'backup'
  },
});

const plain = gaplic.createGObj('plain', Client, gaplic, { retries: 9 });
const secure = gaplic.createGObj('secure', SecureClient, gaplic);
const backup = gaplic.createGObj('backup', SecureClient, gaplic);
gaplic.createGObj('other', GObj, gaplic); // has neither parameter: skipped silently

assert.equal(plain.config.retries, 3); // settings win over the creation kw
assert.equal(secure.config.retries, 4);
assert.equal(backup.config.retries, 5);
assert.equal(backup.timeout, 2);

// Settings can also be written later, down a subtree.
gaplic.overwriteParameters(Infinity, { 'SecureClient.timeout': 0.5 });
assert.deepEqual([plain.timeout, secure.timeout, backup.timeout], [2, 0.5, 0.5]);

// Creation is strict: a bad kw or setting throws, and nothing is created.
assert.throws(() => gaplic.createGObj('bad', Client, gaplic, { retries: '-1' }), {
  name: 'GConfigValidateError',
  code: 'GCONFIG_INVALID_VALUE',
});
assert.throws(() => gaplic.createGObj('typo', Client, gaplic, { retires: 1 } as never), {
  name: 'GConfigValidateError',
  code: 'GCONFIG_UNKNOWN_PARAMETER',
});
