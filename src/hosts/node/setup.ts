/**
 * `setupGAplicThread(spec)` and `setupGAplicProcess(spec)`: a gaplic in a worker thread
 * or a child process, with one interface (`GAplicWorker`). The first one set up makes
 * SIGINT and SIGTERM stop the whole tree gracefully before the process ends.
 */
import { codedError } from '../../errors.js';
import { globalGetGAplic } from '../../gaplic/globals.js';
import { listWorkers } from '../../gaplic/workers.js';
import { checkSpec, type WorkerSpec } from '../spec.js';
import { Supervisor, type GAplicWorker, type Spawner } from '../supervisor.js';
import { absoluteModule } from './module-url.js';
import { stopTreeOnSignals } from './signals.js';
import { processSpawner, threadSpawner } from './spawners.js';

function setup(where: string, spec: WorkerSpec, spawner: Spawner): GAplicWorker {
  const full = checkSpec(where, spec);
  const taken =
    globalGetGAplic(full.name) !== undefined || listWorkers().some((w) => w.name === full.name);
  if (taken) {
    throw codedError(
      'WORKER_NAME_TAKEN',
      `${where}: a gaplic named '${full.name}' is already set up in this process tree`,
    );
  }
  stopTreeOnSignals();
  return new Supervisor({ ...full, module: absoluteModule(full.module) }, spawner);
}

/** A gaplic built from `spec` in a worker thread; call `start()`. */
export function setupGAplicThread(spec: WorkerSpec): GAplicWorker {
  return setup('setupGAplicThread', spec, threadSpawner);
}

/** A gaplic built from `spec` in a child process; call `start()`. */
export function setupGAplicProcess(spec: WorkerSpec): GAplicWorker {
  return setup('setupGAplicProcess', spec, processSpawner);
}
