/**
 * The scaffolds of `gcreate`: folders under the package's `scaffolds/`, each with a
 * `scaffold.json` ({ "summary": "..." }, not copied) and the files of a new project. A file
 * whose name ends in `_tmpl` is rendered — `{{ name }}` replaced by the variable, the suffix
 * dropped — which also keeps the templates out of the repository's own tsc, eslint and
 * prettier; `+name+` in a file or folder name is replaced by the variable. The files of
 * `scaffolds/_common` (package.json, tsconfig.json...) come with every scaffold, whose own
 * files replace them; a scaffold's variables also hold `scaffold` and `summary`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Scaffold {
  readonly name: string;
  readonly summary: string;
  readonly dir: string;
}

/** A file of the project to generate: its path relative to the output folder. */
export interface PlannedFile {
  readonly path: string;
  readonly content: Buffer;
}

const META = 'scaffold.json';
const COMMON = '_common';
const TEMPLATE_SUFFIX = '_tmpl';

/** The folder of this package (the one holding its package.json and scaffolds/). */
export function packageRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scaffolds'))) return dir;
    if (dirname(dir) === dir) return dirname(fileURLToPath(import.meta.url));
  }
}

/** The scaffolds shipped in `root/scaffolds`, by name. */
export function listScaffolds(root: string): Scaffold[] {
  const base = join(root, 'scaffolds');
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .filter((name) => !name.startsWith('_') && existsSync(join(base, name, META)))
    .sort()
    .map((name) => {
      const meta = JSON.parse(readFileSync(join(base, name, META), 'utf8')) as {
        summary?: unknown;
      };
      const summary = typeof meta.summary === 'string' ? meta.summary : '';
      return { name, summary, dir: join(base, name) };
    });
}

/** `{{ name }}` in a template: a variable, spaces around it optional. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
/** `+name+` in a file name. */
const NAME_PLACEHOLDER = /\+([A-Za-z_][A-Za-z0-9_]*)\+/g;

function substitute(
  text: string,
  pattern: RegExp,
  vars: Readonly<Record<string, string>>,
  unknown: Set<string>,
): string {
  return text.replace(pattern, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) unknown.add(name);
    return value ?? whole;
  });
}

/**
 * The files `scaffold` makes with `vars`, in path order; `problems` names each variable a
 * template uses that `vars` lacks (a bug of the scaffold).
 */
export function planScaffold(
  scaffold: Scaffold,
  vars: Readonly<Record<string, string>>,
): { files: PlannedFile[]; problems: string[] } {
  const files = new Map<string, PlannedFile>();
  const problems: string[] = [];
  const all = { ...vars, scaffold: scaffold.name, summary: scaffold.summary };
  for (const dir of [join(dirname(scaffold.dir), COMMON), scaffold.dir]) {
    for (const file of planFolder(dir, all, (problem) =>
      problems.push(`scaffold '${scaffold.name}', ${problem}`),
    )) {
      files.set(file.path, file);
    }
  }
  return { files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : 1)), problems };
}

function planFolder(
  dir: string,
  vars: Readonly<Record<string, string>>,
  problem: (text: string) => void,
): PlannedFile[] {
  if (!existsSync(dir)) return [];
  const sources = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((path) => path !== META && statSync(join(dir, path)).isFile());
  return sources.map((source) => {
    const unknown = new Set<string>();
    const template = source.endsWith(TEMPLATE_SUFFIX);
    const target = substitute(
      template ? source.slice(0, -TEMPLATE_SUFFIX.length) : source,
      NAME_PLACEHOLDER,
      vars,
      unknown,
    );
    const raw = readFileSync(join(dir, source));
    const content = template
      ? Buffer.from(substitute(raw.toString('utf8'), PLACEHOLDER, vars, unknown))
      : raw;
    for (const name of unknown) problem(`${source}: no variable '${name}'`);
    return { path: target.split(sep).join('/'), content };
  });
}
