/**
 * The command line of `gcreate`: options, the checks of the scaffold and project names,
 * and the writing of the planned files (all or nothing when files exist).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { errorMessage } from '../util/error-text.js';
import { npmNameProblem } from './npm-name.js';
import {
  listScaffolds,
  packageRoot,
  planScaffold,
  type PlannedFile,
  type Scaffold,
} from './scaffolds.js';

export const GCREATE_USAGE = `Usage: gcreate -s <scaffold> [options] <output_directory>

Makes a new project in output_directory from a scaffold; the project is named after the
directory (it must be a valid npm package name).

Options:
  -s, --scaffold NAME   the scaffold (repeatable: a later one's files replace an earlier
                        one's); -t, --template is an alias
  -l, --list            list the scaffolds
  --simulate            print what would be written, write nothing
  --overwrite           replace existing files of other content (without it, gcreate
                        writes nothing when there are some, and exits 1)
  -h, --help            this help`;

interface Options {
  readonly scaffolds: readonly string[];
  readonly output: string | null;
  readonly list: boolean;
  readonly simulate: boolean;
  readonly overwrite: boolean;
  readonly help: boolean;
}

type Action = 'create' | 'overwrite' | 'identical' | 'conflict';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** A usage error: the message and exit code 2. */
function usageError(line: string): number {
  process.stderr.write(`gcreate: ${line}\n(gcreate --help shows the usage)\n`);
  return 2;
}

/** Runs gcreate with `argv`; returns the exit code. */
export function main(argv: readonly string[]): number {
  let options: Options;
  try {
    options = parse(argv);
  } catch (error) {
    return usageError(errorMessage(error));
  }
  if (options.help) {
    say(GCREATE_USAGE);
    return 0;
  }
  const root = packageRoot();
  const known = listScaffolds(root);
  const names = known.map((s) => s.name).join(', ');
  if (options.list) {
    say('Available scaffolds:');
    const width = Math.max(...known.map((s) => s.name.length));
    for (const s of known) say(`  ${s.name.padEnd(width)}  ${s.summary}`);
    return 0;
  }
  if (options.scaffolds.length === 0) {
    return usageError(`no scaffold given: name one with -s (one of: ${names})`);
  }
  if (options.output === null) {
    return usageError('no project name given: gcreate -s <scaffold> <output_directory>');
  }
  const chosen = options.scaffolds.map((name) => known.find((s) => s.name === name));
  const unknown = options.scaffolds.find((_name, i) => chosen[i] === undefined);
  if (unknown !== undefined) {
    return usageError(`unknown scaffold '${unknown}': the scaffolds are ${names}`);
  }
  const target = resolve(options.output);
  const project = basename(target);
  const problem = npmNameProblem(project);
  if (problem !== null) {
    return usageError(
      `project name '${project}' (the output directory's name) is not a valid npm package name: ${problem}`,
    );
  }
  const files = planAll(chosen as Scaffold[], variables(root, project));
  return files === null ? 1 : write(options, target, files);
}

/** The files of the scaffolds, a later one's replacing an earlier one's; null on a bug. */
function planAll(
  scaffolds: readonly Scaffold[],
  vars: Readonly<Record<string, string>>,
): PlannedFile[] | null {
  const planned = new Map<string, PlannedFile>();
  for (const scaffold of scaffolds) {
    const { files, problems } = planScaffold(scaffold, vars);
    if (problems.length > 0) {
      for (const line of problems) process.stderr.write(`gcreate: ${line}\n`);
      return null;
    }
    for (const file of files) planned.set(file.path, file);
  }
  return [...planned.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}

function parse(argv: readonly string[]): Options {
  const { values, positionals, tokens } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    tokens: true,
    options: {
      scaffold: { type: 'string', short: 's', multiple: true },
      template: { type: 'string', short: 't', multiple: true },
      list: { type: 'boolean', short: 'l' },
      'list-templates': { type: 'boolean' },
      simulate: { type: 'boolean' },
      overwrite: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (positionals.length > 1) {
    throw new Error(
      `one output directory expected, got ${positionals.length}: ${positionals.join(' ')}`,
    );
  }
  // -s and -t in the order given.
  const scaffolds = tokens.flatMap((t) =>
    t.kind === 'option' && (t.name === 'scaffold' || t.name === 'template') && t.value !== undefined
      ? [t.value]
      : [],
  );
  return {
    scaffolds,
    output: positionals[0] ?? null,
    list: values.list === true || values['list-templates'] === true,
    simulate: values.simulate === true,
    overwrite: values.overwrite === true,
    help: values.help === true,
  };
}

/** The variables of the templates. */
function variables(root: string, project: string): Record<string, string> {
  const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
    devDependencies?: Record<string, string>;
  };
  return {
    project,
    package: project,
    random_string: randomBytes(20).toString('hex'),
    ginsfsm_version: own.version,
    typescript_version: own.devDependencies?.typescript ?? 'latest',
    types_node_version: own.devDependencies?.['@types/node'] ?? 'latest',
  };
}

function actionOf(path: string, file: PlannedFile, overwrite: boolean): Action {
  if (!existsSync(path)) return 'create';
  if (statSync(path).isFile() && readFileSync(path).equals(file.content)) return 'identical';
  return overwrite ? 'overwrite' : 'conflict';
}

/** Writes the files (or, with --simulate, says what it would write). */
function write(options: Options, target: string, files: readonly PlannedFile[]): number {
  const actions = files.map((file) => ({
    file,
    action: actionOf(join(target, file.path), file, options.overwrite),
  }));
  const conflicts = actions.filter((a) => a.action === 'conflict');
  if (conflicts.length > 0) {
    for (const { file } of conflicts) say(`  exists     ${file.path} (other content)`);
    process.stderr.write(
      `gcreate: ${conflicts.length} file(s) already exist in ${options.output} with other content: nothing written (--overwrite replaces them)\n`,
    );
    return 1;
  }
  if (options.simulate) say(`gcreate: simulating: nothing is written to ${options.output}`);
  for (const { file, action } of actions) {
    say(`  ${action.padEnd(10)} ${file.path}`);
    if (options.simulate || action === 'identical') continue;
    const path = join(target, file.path);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content);
    } catch (error) {
      process.stderr.write(`gcreate: cannot write ${path}: ${errorMessage(error)}\n`);
      return 1;
    }
  }
  if (options.simulate) return 0;
  const dir = /^[\w./-]+$/.test(options.output!) ? options.output! : JSON.stringify(options.output);
  say(`\nWelcome to ginsfsm! Your project is in ${options.output}. Next:\n`);
  say(`  cd ${dir} && npm install && npm test && npm start`);
  return 0;
}
