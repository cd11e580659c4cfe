/**
 * A gaplic running in a worker, seen from the main thread: `start()`, `stop()`, `join()`,
 * status events, and supervision (Erlang/OTP's restart strategy: a policy, an intensity
 * of `maxRestarts` per `restartPeriod`, and exponential backoff between restarts).
 *
 * How a worker is run (a thread, a process) is a `Spawner`; everything else is here, so
 * threads and processes behave alike. The worker's route in the main gaplic's router is
 * made as soon as the main gaplic is known: events sent while the worker starts or
 * restarts wait in it (bounded by `maxQueue`, overflow nacked); events in flight when it
 * crashes are nacked to their senders; when it is gone for good, all it held is nacked.
 */
import { codedError, ERROR_CODES, type ErrorCode, type GinsfsmError } from '../errors.js';
import { makeFault, type FaultCode } from '../faults.js';
import type { GAplic } from '../gaplic/gaplic.js';
import { getGlobalMainGAplic } from '../gaplic/globals.js';
import { addWorker, onMainGAplic } from '../gaplic/workers.js';
import type { Link } from '../links/link.js';
import { routerOf } from '../router/grouter.js';
import type { Route } from '../router/route.js';
import { kReportFault } from '../symbols.js';
import { realClock } from '../util/clock.js';
import { errorMessage } from '../util/error-text.js';
import { asReport, type HostCommand, type WorkerReport } from './control.js';
import { bootSpecOf, type BootSpec, type FullSpec } from './spec.js';

/** How a worker ended. */
export interface WorkerExit {
  readonly code: number | null;
  readonly signal: string | null;
}

/** A worker as a spawner started it. */
export interface Spawned {
  /** The process id (a child process) or thread id (a worker thread). */
  readonly id: number;
  /** The wire link to the worker's gaplic. */
  readonly link: Link;
  sendControl(command: HostCommand): void;
  onControl(handler: (message: unknown) => void): void;
  /** Resolves when the worker has exited. */
  readonly exit: Promise<WorkerExit>;
  /** Ends the worker at once. */
  kill(): void;
}

/** How workers of one kind are started. */
export interface Spawner {
  readonly kind: 'thread' | 'process';
  spawn(spec: BootSpec): Spawned;
}

export type WorkerStatus =
  'idle' | 'starting' | 'running' | 'restarting' | 'stopping' | 'stopped' | 'crashed' | 'failed';

/** The events of a worker and what their listeners receive. */
export interface WorkerEvents {
  started: { readonly restarts: number };
  stopped: Record<string, never>;
  crashed: WorkerExit;
  restarting: { readonly delay: number; readonly attempt: number };
  failed: { readonly reason: string };
}

/** A gaplic in a worker thread or a child process (the same interface for both). */
export interface GAplicWorker {
  readonly name: string;
  readonly roles: readonly string[];
  readonly kind: 'thread' | 'process';
  readonly status: WorkerStatus;
  /** Restarts so far. */
  readonly restarts: number;
  /** The process id (child process) or thread id (worker thread) while it runs, else null. */
  readonly id: number | null;
  /** Resolves once the remote gaplic is built, running and linked; rejects with a `WorkerError`. */
  start(): Promise<void>;
  /** Stops it gracefully (its gobjs go out), killing it after `stopTimeout`. */
  stop(): Promise<void>;
  /** Resolves true when the worker has ended (stopped, crashed or failed) within `timeoutMs`. */
  join(timeoutMs?: number): Promise<boolean>;
  /** Listens to a status event; returns the function that stops listening. */
  on<E extends keyof WorkerEvents>(event: E, listener: (data: WorkerEvents[E]) => void): () => void;
}

const FINAL: ReadonlySet<WorkerStatus> = new Set(['idle', 'stopped', 'crashed', 'failed']);

type Outcome =
  | { kind: 'ready'; roles: readonly string[] }
  | { kind: 'failed'; code: string; message: string }
  | { kind: 'exited'; exit: WorkerExit };

export class Supervisor implements GAplicWorker {
  readonly name: string;
  readonly kind: 'thread' | 'process';
  roles: readonly string[];
  readonly #spec: FullSpec;
  readonly #spawner: Spawner;
  #status: WorkerStatus = 'idle';
  #current: Spawned | null = null;
  #route: Route | null = null;
  #starting: Promise<void> | null = null;
  #stopping: Promise<void> | null = null;
  #stopRequested = false;
  #restartTimer: unknown = null;
  #restarts = 0;
  #recentRestarts: number[] = [];
  #attempt = 0;
  #upSince = 0;
  readonly #listeners = new Map<keyof WorkerEvents, Set<(data: never) => void>>();
  readonly #finalWaiters = new Set<() => void>();

  constructor(spec: FullSpec, spawner: Spawner) {
    this.#spec = spec;
    this.#spawner = spawner;
    this.name = spec.name;
    this.roles = spec.roles;
    this.kind = spawner.kind;
    addWorker(this);
    onMainGAplic((main) => this.#linkTo(main));
    const main = getGlobalMainGAplic();
    if (main !== null) this.#linkTo(main);
  }

  get status(): WorkerStatus {
    return this.#status;
  }

  get restarts(): number {
    return this.#restarts;
  }

  get id(): number | null {
    return this.#current?.id ?? null;
  }

  on<E extends keyof WorkerEvents>(
    event: E,
    listener: (data: WorkerEvents[E]) => void,
  ): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  start(): Promise<void> {
    if (this.#status === 'running') return Promise.resolve();
    if (this.#starting !== null) return this.#starting;
    this.#stopRequested = false;
    this.#starting = this.#launch()
      .catch((error: unknown) => {
        // It never came up: what waits for it is nacked, and join() resolves.
        this.#end('failed', errorMessage(error));
        throw error;
      })
      .finally(() => (this.#starting = null));
    return this.#starting;
  }

  stop(): Promise<void> {
    if (this.#stopping !== null) return this.#stopping;
    this.#stopRequested = true;
    if (this.#restartTimer !== null) {
      realClock.clearTimer(this.#restartTimer);
      this.#restartTimer = null;
    }
    const current = this.#current;
    if (current === null) {
      if (!FINAL.has(this.#status)) this.#end('stopped', 'stopped');
      return Promise.resolve();
    }
    this.#setStatus('stopping');
    this.#stopping = this.#stopGracefully(current).finally(() => (this.#stopping = null));
    return this.#stopping;
  }

  join(timeoutMs = Infinity): Promise<boolean> {
    if (FINAL.has(this.#status) && this.#current === null) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (): void => {
        if (timer !== null) realClock.clearTimer(timer);
        resolve(true);
      };
      this.#finalWaiters.add(done);
      const timer = Number.isFinite(timeoutMs)
        ? realClock.setTimer(() => {
            this.#finalWaiters.delete(done);
            resolve(false);
          }, timeoutMs / 1000)
        : null;
    });
  }

  /** Starts one incarnation; throws a `WorkerError` when it does not come up. */
  async #launch(): Promise<void> {
    this.#setStatus(this.#restarts > 0 && !this.#stopRequested ? 'restarting' : 'starting');
    const spawned = this.#spawner.spawn(bootSpecOf(this.#spec));
    const outcome = await new Promise<Outcome>((resolve) => {
      spawned.onControl((message) => {
        const report: WorkerReport | undefined = asReport(message);
        if (report?.t === 'ready') resolve({ kind: 'ready', roles: report.roles });
        else if (report?.t === 'failed')
          resolve({ kind: 'failed', code: report.code, message: report.message });
      });
      void spawned.exit.then((exit) => resolve({ kind: 'exited', exit }));
    });
    if (outcome.kind !== 'ready') {
      spawned.kill();
      await spawned.exit;
      spawned.link.close('failed to start');
      throw outcome.kind === 'failed'
        ? startError(outcome.code, outcome.message)
        : codedError(
            'WORKER_EXITED',
            `worker '${this.name}' (${this.kind}) exited before its gaplic was running (${describeExit(outcome.exit)})`,
          );
    }
    if (this.#stopRequested) {
      spawned.kill();
      await spawned.exit;
      return;
    }
    this.roles = outcome.roles;
    this.#current = spawned;
    this.#upSince = Date.now();
    void spawned.exit.then((exit) => this.#exited(spawned, exit));
    this.#attach(spawned.link);
    this.#setStatus('running');
    this.#emit('started', { restarts: this.#restarts });
  }

  async #stopGracefully(current: Spawned): Promise<void> {
    // After this turn of the loop: what this side's actions sent the worker in it leaves
    // first (the ack of an event whose action called shutdown(), say), not after the stop.
    await new Promise<void>((resolve) => realClock.defer(resolve));
    current.sendControl({ t: 'stop' });
    let timer: unknown = null;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = realClock.setTimer(() => resolve('timeout'), this.#spec.stopTimeout);
    });
    const first = await Promise.race([current.exit, timeout]);
    realClock.clearTimer(timer);
    if (first === 'timeout') {
      this.#fault(
        'WORKER_STOP_TIMEOUT',
        `worker '${this.name}' (${this.kind}) did not stop within ${this.#spec.stopTimeout} s; killed`,
      );
      current.kill();
    }
    await current.exit;
  }

  #exited(spawned: Spawned, exit: WorkerExit): void {
    if (spawned !== this.#current) return;
    this.#current = null;
    spawned.link.close(describeExit(exit));
    if (this.#stopRequested) {
      this.#end('stopped', 'stopped');
      return;
    }
    const crashed = exit.code !== 0 || exit.signal !== null;
    const reason = `worker '${this.name}' (${this.kind}) ${crashed ? 'crashed' : 'exited'}: ${describeExit(exit)}`;
    this.#fault('WORKER_CRASHED', reason);
    this.#emit('crashed', exit);
    const policy = this.#spec.restart;
    if (policy === 'always' || (policy === 'on-crash' && crashed)) this.#restart(reason);
    else this.#end('crashed', reason);
  }

  /** Restarts after a backoff, unless the restart intensity is exceeded. */
  #restart(reason: string): void {
    const now = Date.now();
    const period = this.#spec.restartPeriod * 1000;
    if (now - this.#upSince > period) this.#attempt = 0;
    this.#recentRestarts = this.#recentRestarts.filter((t) => now - t < period);
    if (this.#recentRestarts.length >= this.#spec.maxRestarts) {
      const why = `${reason}; ${this.#recentRestarts.length} restarts within ${this.#spec.restartPeriod} s, giving up`;
      this.#fault('WORKER_GAVE_UP', why);
      this.#end('failed', why);
      return;
    }
    this.#recentRestarts.push(now);
    const delay = Math.min(this.#spec.backoff * 2 ** this.#attempt, this.#spec.maxBackoff);
    this.#attempt++;
    this.#restarts++;
    if (this.#route !== null) routerOf(this.#main()!).hold(this.#route, reason);
    this.#setStatus('restarting');
    this.#emit('restarting', { delay, attempt: this.#attempt });
    this.#restartTimer = realClock.setTimer(() => {
      this.#restartTimer = null;
      this.#launch().catch((error: unknown) => {
        this.#fault(
          'WORKER_CRASHED',
          `worker '${this.name}' (${this.kind}) failed to restart: ${errorMessage(error)}`,
        );
        this.#restart(errorMessage(error));
      });
    }, delay);
  }

  /** A final state: the route is closed (everything it holds is nacked). */
  #end(status: 'stopped' | 'crashed' | 'failed', reason: string): void {
    const main = this.#main();
    if (this.#route !== null && main !== null) routerOf(main).removeRoute(this.#route, reason);
    this.#route = null;
    this.#setStatus(status);
    if (status === 'stopped') this.#emit('stopped', {});
    else if (status === 'failed') this.#emit('failed', { reason });
    for (const done of [...this.#finalWaiters]) done();
    this.#finalWaiters.clear();
  }

  /** Makes (once) the worker's route in the main gaplic's router. */
  #linkTo(main: GAplic): void {
    if (this.#route !== null) return;
    if (this.#status === 'stopped' || this.#status === 'crashed' || this.#status === 'failed')
      return;
    this.#route = routerOf(main).addRoute(null, {
      name: this.name,
      roles: this.roles,
      limits: { maxQueue: this.#spec.maxQueue },
    });
    if (this.#current !== null) routerOf(main).attach(this.#route, this.#current.link);
  }

  #attach(link: Link): void {
    const main = this.#main();
    if (main === null) return; // linked when the main gaplic is set
    if (this.#route === null) this.#linkTo(main);
    else routerOf(main).attach(this.#route, link);
  }

  #main(): GAplic | null {
    return getGlobalMainGAplic();
  }

  #setStatus(status: WorkerStatus): void {
    this.#status = status;
  }

  #emit<E extends keyof WorkerEvents>(event: E, data: WorkerEvents[E]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        (listener as (d: WorkerEvents[E]) => void)(data);
      } catch (error) {
        this.#fault(
          'REPORTER_FAILED',
          `worker '${this.name}': a '${event}' listener threw: ${errorMessage(error)}`,
        );
      }
    }
  }

  #fault(code: FaultCode, message: string): void {
    const main = this.#main();
    const fault = makeFault(code, message, `worker:${this.name}`, null);
    if (main !== null) main[kReportFault](fault);
  }
}

function describeExit(exit: WorkerExit): string {
  return exit.signal !== null ? `killed by ${exit.signal}` : `exit code ${String(exit.code)}`;
}

/** The coded error a worker reported, rebuilt on this side. */
function startError(code: string, message: string): GinsfsmError {
  return Object.hasOwn(ERROR_CODES, code)
    ? codedError(code as ErrorCode, message)
    : codedError('WORKER_FACTORY_FAILED', message);
}
