/**
 * Runs an example's ini under the real gserve (a child process), for the tests of the
 * ported ginsfsm examples: `build=` points the ini at this build's compiled examples,
 * `lines` collects what it prints, `waitFor` waits for a line, `stop` sends SIGTERM and
 * resolves with the exit code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const GSERVE = fileURLToPath(new URL('../../src/cli/gserve.js', import.meta.url));
const BUILD = fileURLToPath(new URL('../../examples', import.meta.url));
/** The source folder of the ported examples (the ini files are not compiled). */
const EXAMPLES = fileURLToPath(new URL('../../../examples/ginsfsm/', import.meta.url));

export interface GServeRun {
  readonly child: ChildProcess;
  /** Every line printed so far, stdout and stderr. */
  readonly lines: string[];
  /**
   * Resolves with the first line (past or future) matching `pattern`, from line `from`
   * (default 0), within `timeoutMs` (default 60 s: the machine may be loaded).
   */
  waitFor(
    pattern: RegExp,
    options?: { from?: number; timeoutMs?: number },
  ): Promise<RegExpExecArray>;
  /** Resolves with the `count` first lines matching `pattern`, once there are that many. */
  waitForLines(pattern: RegExp, count: number): Promise<RegExpExecArray[]>;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Everything printed, for assertion messages. */
  output(): string;
}

/** `gserve [options] examples/ginsfsm/<ini> build=... vars...`. */
export function gserve(
  ini: string,
  vars: Record<string, string | number> = {},
  options: readonly string[] = [],
): GServeRun {
  const args = [
    GSERVE,
    ...options,
    `${EXAMPLES}${ini}`,
    `build=${BUILD}`,
    ...Object.entries(vars).map(([k, v]) => `${k}=${v}`),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let exited: number | null | undefined;
  const closed = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      exited = code;
      for (const wake of waiters) wake();
      resolve(code);
    }),
  );
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop()!;
      lines.push(...parts);
      for (const wake of waiters) wake();
    });
  }
  const output = (): string => lines.join('\n');
  return {
    child,
    lines,
    output,
    waitFor(pattern, { from = 0, timeoutMs = 60_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          for (const line of lines.slice(from)) {
            const match = pattern.exec(line);
            if (match !== null) {
              done();
              resolve(match);
              return;
            }
          }
          if (exited !== undefined) {
            done();
            reject(new Error(`gserve exited (${exited}) before ${pattern}:\n${output()}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no line matched ${pattern} in ${timeoutMs} ms:\n${output()}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async waitForLines(pattern, count) {
      const found: RegExpExecArray[] = [];
      for (let from = 0; found.length < count;) {
        found.push(await this.waitFor(pattern, { from }));
        from = lines.indexOf(found.at(-1)!.input, from) + 1;
      }
      return found;
    },
    stop() {
      if (exited === undefined) child.kill('SIGTERM');
      return closed;
    },
  };
}

/** A port free now (the system's choice), for an ini that must know it in advance. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
