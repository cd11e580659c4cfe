/**
 * The entry of a worker thread that runs a gaplic: it builds the gaplic from the spec
 * in `workerData`, links it to the main thread over the port it was given, and stops
 * it (gracefully, its gobjs going out) when the host asks.
 */
import { workerData } from 'node:worker_threads';
import type { GAplic } from '../../gaplic/gaplic.js';
import { PortLink, type PortLike } from '../../links/port.js';
import { errorMessage } from '../../util/error-text.js';
import { bootGAplic, stopGAplic } from '../boot.js';
import { isStop } from '../control.js';
import type { BootSpec } from '../spec.js';
import { loadModule } from './module-url.js';
import '../../links/node/register.js';

const { spec, port } = workerData as { spec: BootSpec; port: PortLike };
const link = new PortLink(port);
let gaplic: GAplic | null = null;

link.onControl((message) => {
  if (!isStop(message)) return;
  if (gaplic !== null) stopGAplic(gaplic);
  link.sendControl({ t: 'stopped' });
  setImmediate(() => process.exit(0));
});

try {
  gaplic = await bootGAplic(spec, loadModule, link);
  link.sendControl({ t: 'ready', name: gaplic.name, roles: [...gaplic.roles] });
} catch (error) {
  const code = (error as { code?: unknown }).code;
  link.sendControl({
    t: 'failed',
    code: typeof code === 'string' ? code : 'WORKER_FACTORY_FAILED',
    message: errorMessage(error),
  });
}
