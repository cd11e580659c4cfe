/** The commands of the `ginsfsm` tool: draw, describe, help. */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { codedError } from '../errors.js';
import type { FsmDescriptor } from '../fsm/descriptor.js';
import { describeValue } from '../util/describe-value.js';
import { errorMessage } from '../util/error-text.js';
import { describeGClass } from './describe.js';
import { fsmToMermaid, fsmToSvg } from './fsm-draw.js';

export const GINSFSM_USAGE = `Usage: ginsfsm <command> ...

  ginsfsm draw <module>#<GClass> [--format svg|mermaid] [-o FILE]
      the gclass's FSM as a self-contained SVG picture (default) or Mermaid
      stateDiagram-v2 text, on stdout or into FILE
  ginsfsm describe <module>#<GClass>
      its configuration table (name, type, default, description), events and states
  ginsfsm help

<module> is a path to a compiled .js file (relative to the current directory) or a
package name; <GClass> is the name it exports the gclass under.`;

interface GClassLike {
  readonly name: string;
  readonly fsm: FsmDescriptor;
}

/** Imports `<module>#<GClass>`; throws INI_BAD_MODULE or INI_BAD_EXPORT. */
export async function importGClass(target: string): Promise<GClassLike> {
  const hash = target.lastIndexOf('#');
  const module = hash < 0 ? target : target.slice(0, hash);
  const name = hash < 0 ? '' : target.slice(hash + 1);
  if (module === '' || name === '') {
    throw codedError('INI_BAD_EXPORT', `ginsfsm: '${target}' is not '<module>#<GClass>'`);
  }
  const local = module.startsWith('.') || isAbsolute(module) || module.endsWith('.js');
  let specifier = local ? pathToFileURL(resolve(module)).href : module;
  if (!local) {
    try {
      specifier = pathToFileURL(createRequire(join(process.cwd(), 'noop.js')).resolve(module)).href;
    } catch {
      // left to import(), resolved from ginsfsm's own folder
    }
  }
  let exports: Record<string, unknown>;
  try {
    exports = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    throw codedError(
      'INI_BAD_MODULE',
      `ginsfsm: cannot import '${module}': ${errorMessage(error)}`,
      {
        cause: error,
      },
    );
  }
  const gclass = exports[name] as Partial<GClassLike> | undefined;
  const fsm = gclass?.fsm as Partial<FsmDescriptor> | undefined;
  if (
    typeof gclass !== 'function' ||
    !Array.isArray(fsm?.eventList) ||
    !Array.isArray(fsm.stateList)
  ) {
    throw codedError(
      'INI_BAD_EXPORT',
      `ginsfsm: export '${name}' of '${module}' got ${describeValue(gclass)}, expected a gclass (a class with a static fsm)`,
    );
  }
  return gclass;
}

/** Runs the tool with `argv`; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'svg' },
        output: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`ginsfsm: ${errorMessage(error)}\n${GINSFSM_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, target, ...rest] = positionals;
  if (values.help === true || command === 'help' || command === undefined) {
    (command === undefined && values.help !== true ? process.stderr : process.stdout).write(
      `${GINSFSM_USAGE}\n`,
    );
    return command === undefined && values.help !== true ? 2 : 0;
  }
  const usage = (problem: string): number => {
    process.stderr.write(`ginsfsm: ${problem}\n${GINSFSM_USAGE}\n`);
    return 2;
  };
  if (command !== 'draw' && command !== 'describe') return usage(`unknown command '${command}'`);
  if (target === undefined || rest.length > 0)
    return usage(`${command} takes one <module>#<GClass>`);
  if (values.format !== 'svg' && values.format !== 'mermaid') {
    return usage(`--format got '${values.format}', expected svg or mermaid`);
  }
  let gclass: GClassLike;
  try {
    gclass = await importGClass(target);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    process.stderr.write(`${errorMessage(error)} [${String(code)}]\n`);
    return 1;
  }
  const text =
    command === 'describe'
      ? describeGClass(gclass)
      : values.format === 'mermaid'
        ? fsmToMermaid(gclass.name, gclass.fsm)
        : fsmToSvg(gclass.name, gclass.fsm);
  if (values.output === undefined) process.stdout.write(text);
  else writeFileSync(values.output, text);
  return 0;
}
