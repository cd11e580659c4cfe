/**
 * How Node runs a gaplic elsewhere: in a worker thread (a MessageChannel port carries
 * the batches, by structured clone) or in a child process (its IPC channel carries them,
 * as JSON). Both hand the supervisor the same `Spawned`.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { IpcLink } from '../../links/node/ipc.js';
import { PortLink, type PortLike } from '../../links/port.js';
import type { BootSpec } from '../spec.js';
import type { Spawned, Spawner, WorkerExit } from '../supervisor.js';

const threadEntry = new URL('./thread-entry.js', import.meta.url);
const processEntry = fileURLToPath(new URL('./process-entry.js', import.meta.url));

/** Runs gaplics in worker threads. */
export const threadSpawner: Spawner = {
  kind: 'thread',
  spawn(spec: BootSpec): Spawned {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(threadEntry, {
      workerData: { spec, port: port2 },
      transferList: [port2],
    });
    const link = new PortLink(port1 as unknown as PortLike);
    const exit = new Promise<WorkerExit>((resolve) => {
      worker.once('exit', (code) => resolve({ code, signal: null }));
    });
    // An uncaught error in the thread ends it (exit code 1): the exit is what counts.
    worker.on('error', () => {});
    void exit.then(() => link.close('thread exited'));
    return {
      id: worker.threadId,
      link,
      sendControl: (command) => link.sendControl(command),
      onControl: (handler) => link.onControl(handler),
      exit,
      kill: () => void worker.terminate(),
    };
  },
};

/** Source maps stay on in the child when the main process has them. */
function childExecArgv(): string[] {
  return process.execArgv.filter((flag) => flag === '--enable-source-maps');
}

/** Runs gaplics in child processes. */
export const processSpawner: Spawner = {
  kind: 'process',
  spawn(spec: BootSpec): Spawned {
    const child = fork(processEntry, [], {
      serialization: 'json',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: childExecArgv(),
    });
    const link = new IpcLink(child);
    const exit = new Promise<WorkerExit>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    child.on('error', () => {});
    void exit.then(() => link.close('process exited'));
    link.sendControl({ t: 'boot', spec });
    return {
      id: child.pid ?? -1,
      link,
      sendControl: (command) => link.sendControl(command),
      onControl: (handler) => link.onControl(handler),
      exit,
      kill: () => void child.kill('SIGKILL'),
    };
  },
};
