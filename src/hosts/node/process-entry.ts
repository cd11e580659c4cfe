/**
 * The entry of a child process that runs a gaplic: the host sends the spec over IPC; it
 * builds the gaplic, links it over the IPC channel, and stops it (gracefully) when the
 * host asks or when the host is gone. Ctrl-C in the terminal reaches this process too:
 * it is ignored, the host stops the whole tree.
 */
import type { GAplic } from '../../gaplic/gaplic.js';
import { IpcLink } from '../../links/node/ipc.js';
import { errorMessage } from '../../util/error-text.js';
import { bootGAplic, stopGAplic } from '../boot.js';
import { isStop } from '../control.js';
import type { BootSpec } from '../spec.js';
import { loadModule } from './module-url.js';
import '../../links/node/register.js';

const link = new IpcLink(process);
let gaplic: GAplic | null = null;
let booted = false;

function stop(code: number): void {
  if (gaplic !== null) stopGAplic(gaplic);
  link.sendControl({ t: 'stopped' });
  setImmediate(() => process.exit(code));
}

process.on('SIGINT', () => {});
process.on('SIGTERM', () => stop(0));
process.on('disconnect', () => stop(0));

link.onControl((message) => {
  if (isStop(message)) {
    stop(0);
    return;
  }
  const boot = message as { t?: unknown; spec?: BootSpec };
  if (boot.t !== 'boot' || boot.spec === undefined || booted) return;
  booted = true;
  bootGAplic(boot.spec, loadModule, link).then(
    (made) => {
      gaplic = made;
      link.sendControl({ t: 'ready', name: made.name, roles: [...made.roles] });
    },
    (error: unknown) => {
      const code = (error as { code?: unknown }).code;
      link.sendControl({
        t: 'failed',
        code: typeof code === 'string' ? code : 'WORKER_FACTORY_FAILED',
        message: errorMessage(error),
      });
    },
  );
});
