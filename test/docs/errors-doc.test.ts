// docs/errors.md and ERROR_CODES kept in step: every code documented once, under its
// class, with its meaning; nothing documented that does not exist.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  ERROR_CODES,
  EventError,
  GAplicError,
  GConfigTemplateError,
  GConfigValidateError,
  GinsfsmError,
  GObj,
  GObjError,
  MachineError,
  StateError,
  asBool,
  createGObj,
  type ErrorCode,
} from '../../src/index.js';
import { REPO_ROOT } from '../repo-root.js';

const doc = readFileSync(join(REPO_ROOT, 'docs', 'errors.md'), 'utf8');
const codes = Object.keys(ERROR_CODES) as ErrorCode[];

/** `## Class` sections: class name → section text (up to the next `## `). */
function classSections(): Map<string, string> {
  const sections = new Map<string, string>();
  const parts = doc.split(/^## /m).slice(1);
  for (const part of parts) {
    const title = part.slice(0, part.indexOf('\n')).trim();
    sections.set(title, part);
  }
  return sections;
}

/** `### \`CODE\`` sections: code → section text (up to the next heading). */
function codeSections(): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  for (const match of doc.matchAll(/^### `([^`]+)`\n([\s\S]*?)(?=^#{2,3} |(?![\s\S]))/gm)) {
    const list = sections.get(match[1]!) ?? [];
    list.push(match[2]!);
    sections.set(match[1]!, list);
  }
  return sections;
}

const CLASS_BY_NAME = {
  MachineError,
  EventError,
  StateError,
  GObjError,
  GConfigTemplateError,
  GConfigValidateError,
  GAplicError,
} as const;

const PREFIX_OF_CLASS = new Map<unknown, string>([
  [MachineError, 'MACHINE_'],
  [EventError, 'EVENT_'],
  [StateError, 'STATE_'],
  [GObjError, 'GOBJ_'],
  [GConfigTemplateError, 'GCONFIG_TEMPLATE_'],
  [GConfigValidateError, 'GCONFIG_'],
  [GAplicError, 'GAPLIC_'],
]);

describe('docs/errors.md', () => {
  test('errors doc - every code of ERROR_CODES has exactly one section', () => {
    const sections = codeSections();
    for (const code of codes) {
      assert.equal(
        sections.get(code)?.length,
        1,
        `${code}: expected one '### \`${code}\`' section`,
      );
    }
  });

  test('errors doc - every code-like token in backticks is a real code', () => {
    const known = new Set<string>(codes);
    const tokens = [...doc.matchAll(/`([A-Z]+(?:_[A-Z0-9]+)+)`/g)].map((m) => m[1]!);
    assert.ok(tokens.length >= codes.length);
    const unknown = tokens.filter((t) => !known.has(t));
    assert.deepEqual(unknown, [], `documented but not in ERROR_CODES: ${unknown.join(', ')}`);
  });

  test('errors doc - each section states the meaning given in ERROR_CODES', () => {
    const sections = codeSections();
    for (const code of codes) {
      const meaning = ERROR_CODES[code][1];
      assert.ok(
        sections.get(code)?.[0]?.includes(`**Meaning:** ${meaning}.`),
        `${code}: the section must say '**Meaning:** ${meaning}.'`,
      );
    }
  });

  test('errors doc - each code is documented under the heading of its class', () => {
    const sections = classSections();
    for (const code of codes) {
      const className = ERROR_CODES[code][0];
      assert.ok(sections.has(className), `no '## ${className}' section`);
      assert.ok(
        sections.get(className)!.includes(`### \`${code}\``),
        `${code} is not under '## ${className}'`,
      );
    }
  });

  test('errors doc - every error class, and the base class, is listed', () => {
    const sections = classSections();
    const classes = new Set(codes.map((code) => CLASS_BY_NAME[ERROR_CODES[code][0]]));
    assert.deepEqual(
      [...classes].map((c) => c.name),
      [
        'MachineError',
        'EventError',
        'StateError',
        'GObjError',
        'GConfigTemplateError',
        'GConfigValidateError',
        'GAplicError',
      ],
    );
    for (const c of [GinsfsmError, ...classes]) {
      assert.ok(sections.has(c.name), `no '## ${c.name}' section`);
    }
  });
});

describe('ERROR_CODES', () => {
  test('ERROR_CODES - codes are unique, upper snake case, prefixed by their class', () => {
    assert.equal(new Set(codes).size, codes.length);
    for (const code of codes) {
      assert.match(code, /^[A-Z]+(_[A-Z0-9]+)+$/);
      const [className, meaning] = ERROR_CODES[code];
      const cls = CLASS_BY_NAME[className];
      assert.ok(cls.prototype instanceof GinsfsmError, `${code}: class must extend GinsfsmError`);
      assert.ok(code.startsWith(PREFIX_OF_CLASS.get(cls)!), `${code} does not match ${cls.name}`);
      if (cls === GConfigValidateError) assert.ok(!code.startsWith('GCONFIG_TEMPLATE_'));
      assert.ok(meaning.length > 0);
    }
  });

  test('ERROR_CODES - an error carries its class name and code', () => {
    const error = new MachineError('MACHINE_BAD_ROW', 'row');
    assert.equal(error.name, 'MachineError');
    assert.equal(error.code, 'MACHINE_BAD_ROW');
    assert.ok(error instanceof GinsfsmError && error instanceof Error);
  });

  test('ERROR_CODES - a bad boolean from the public API throws a coded GinsfsmError', () => {
    assert.throws(() => asBool('maybe'), {
      name: 'GConfigValidateError',
      code: 'GCONFIG_INVALID_VALUE',
    });
    assert.throws(() => createGObj('x', GObj, null, { randomName: 'maybe' }), {
      name: 'GConfigValidateError',
      code: 'GCONFIG_INVALID_VALUE',
    });
  });
});
