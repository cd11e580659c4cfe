// docs/errors.md, the catch example.
import assert from 'node:assert/strict';
import { GAplic, GObj, GinsfsmError, createGObj, type FsmDescriptor } from '../../src/index.js';

const workerConfig = {
  seconds: { type: 'float', default: 1, description: 'Seconds between jobs' },
} as const;
class Worker extends GObj<FsmDescriptor, typeof workerConfig> {
  static override gconfig = workerConfig;
}
const gaplic = new GAplic({ name: 'errors' });

try {
  createGObj('worker', Worker, gaplic, { seconds: 'soon' });
} catch (error) {
  if (error instanceof GinsfsmError && error.code === 'GCONFIG_INVALID_VALUE') {
    assert.equal(error.name, 'GConfigValidateError');
    assert.equal(
      error.message,
      `Worker:worker: parameter 'seconds' (float) got "soon" (string), expected a finite number or a decimal string`,
    );
  } else {
    throw error;
  }
}
assert.deepEqual(gaplic.children, []); // it threw, and nothing was created
