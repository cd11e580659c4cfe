/**
 * The ini text of a composite, read as Python's ConfigParser reads it for PasteDeploy
 * (and not as the `ini` npm package does, which cuts values at `#`, turns `true` into a
 * boolean and nests dotted section names): `[section]` headers, `key = value` or
 * `key: value` entries, whole-line `#` and `;` comments, indented continuation lines, a
 * `[DEFAULT]` section every section inherits, and `%(key)s` interpolation (`%%` is a `%`).
 * Unlike ConfigParser, keys keep their case (`GSock.traceDump`). Every entry remembers
 * its line, so that an error names the file, the line and the key.
 */
import { codedError } from '../errors.js';

/** One `key = value` entry, its value not interpolated yet. */
export interface IniEntry {
  readonly key: string;
  readonly raw: string;
  readonly line: number;
}

/** One `[name]` section. */
export interface IniSection {
  readonly name: string;
  readonly line: number;
  readonly entries: ReadonlyMap<string, IniEntry>;
}

/** A parsed ini file. */
export interface IniDocument {
  readonly file: string;
  /** The `[DEFAULT]` entries. */
  readonly defaults: ReadonlyMap<string, IniEntry>;
  /** The other sections, in file order. */
  readonly sections: ReadonlyMap<string, IniSection>;
}

const SECTION = /^\[([^\]]*)\]\s*$/;
const ENTRY = /^([^=:]*?)\s*[=:]\s*(.*)$/;

/** Reads ini text; throws `INI_SYNTAX` naming `file:line`. */
export function readIni(text: string, file: string): IniDocument {
  const defaults = new Map<string, IniEntry>();
  const sections = new Map<string, IniSection>();
  let current: Map<string, IniEntry> | null = null;
  let last: { key: string; lines: string[]; line: number } | null = null;
  const flush = (): void => {
    if (last === null || current === null) return;
    current.set(last.key, { key: last.key, raw: last.lines.join('\n'), line: last.line });
    last = null;
  };
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const number = index + 1;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      if (trimmed === '') flush();
      continue;
    }
    if (/^\s/.test(line) && last !== null) {
      last.lines.push(trimmed); // a continuation line
      continue;
    }
    flush();
    const header = SECTION.exec(trimmed);
    if (header !== null) {
      const name = header[1]!.trim();
      if (name === '') throw syntax(file, number, `a section header '${trimmed}' without a name`);
      if (name === 'DEFAULT') {
        current = defaults;
        continue;
      }
      if (sections.has(name)) {
        const first = sections.get(name)!.line;
        throw syntax(file, number, `section [${name}] is declared twice (first at line ${first})`);
      }
      current = new Map<string, IniEntry>();
      sections.set(name, { name, line: number, entries: current });
      continue;
    }
    const entry = ENTRY.exec(trimmed);
    if (entry === null || entry[1] === '') {
      throw syntax(
        file,
        number,
        `'${trimmed}' is neither a [section], a 'key = value' nor a comment`,
      );
    }
    if (current === null) {
      throw syntax(file, number, `key '${entry[1]}' comes before any [section]`);
    }
    const key = entry[1]!;
    const previous = current.get(key);
    if (previous !== undefined) {
      throw syntax(
        file,
        number,
        `key '${key}' is set twice in its section (first at line ${previous.line})`,
      );
    }
    last = { key, lines: [entry[2]!], line: number };
  }
  flush();
  return { file, defaults, sections };
}

function syntax(file: string, line: number, what: string): Error {
  return codedError('INI_SYNTAX', `${file}:${line}: ${what}`);
}

/**
 * The value of `key` in `section` (or in `[DEFAULT]`), with `%(name)s` replaced by the
 * values of the section, else `vars` (`here`, `__file__`, gserve's `var=value`, which
 * override `[DEFAULT]` as PasteDeploy's global conf does), else `[DEFAULT]`. Throws `INI_SYNTAX` for a name that is nowhere or a loop.
 */
export function interpolate(
  doc: IniDocument,
  entry: IniEntry,
  section: IniSection | null,
  vars: Readonly<Record<string, string>>,
  depth = 0,
): string {
  if (depth > 10) {
    throw syntax(
      doc.file,
      entry.line,
      `the value of '${entry.key}' interpolates itself (a %(...)s loop)`,
    );
  }
  return entry.raw.replace(/%(?:(%)|\(([^)]*)\)s)?/g, (whole, percent?: string, name?: string) => {
    if (percent !== undefined) return '%';
    if (name === undefined) {
      throw syntax(
        doc.file,
        entry.line,
        `the value of '${entry.key}' has a '%' not followed by '%' or '(name)s'`,
      );
    }
    const own = section?.entries.get(name);
    if (own !== undefined && own !== entry) return interpolate(doc, own, section, vars, depth + 1);
    const value = vars[name];
    if (value !== undefined) return value;
    const found = doc.defaults.get(name);
    if (found !== undefined && found !== entry) {
      return interpolate(doc, found, section, vars, depth + 1);
    }
    throw syntax(
      doc.file,
      entry.line,
      `'${entry.key}' refers to ${whole}, which names no key of its section or of [DEFAULT], nor a variable`,
    );
  });
}
