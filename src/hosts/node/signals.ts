/**
 * SIGINT and SIGTERM in the main process stop the whole tree: every worker gracefully
 * (their gobjs go out), then the gaplics of this thread. Then the signal is raised again
 * with its default action, so the process ends as it would have without ginsfsm.
 */
import { shutdown } from '../../gaplic/globals.js';

let installed = false;

export function stopTreeOnSignals(): void {
  if (installed) return;
  installed = true;
  const onSignal = (signal: NodeJS.Signals): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    installed = false;
    void shutdown().finally(() => process.kill(process.pid, signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
