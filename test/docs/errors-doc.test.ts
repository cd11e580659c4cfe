// docs/errors.md, ERROR_CODES and FAULT_CODES kept in step: every error code documented
// once, under its class, with its meaning; every fault code documented once, in the faults
// part, with its level and meaning; nothing documented that does not exist.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  ConfigError,
  ConsoleError,
  ERROR_CODES,
  EventError,
  FAULT_CODES,
  GAplicError,
  GConfigTemplateError,
  GConfigValidateError,
  GinsfsmError,
  GObj,
  GObjError,
  MachineError,
  NetError,
  RouterError,
  StateError,
  WorkerError,
  asBool,
  createGObj,
  type ErrorCode,
  type FaultCode,
} from '../../src/index.js';
import { REPO_ROOT } from '../repo-root.js';

const doc = readFileSync(join(REPO_ROOT, 'docs', 'errors.md'), 'utf8');
const codes = Object.keys(ERROR_CODES) as ErrorCode[];
const faultCodes = Object.keys(FAULT_CODES) as FaultCode[];
/** The `## ` heading of the faults part. */
const FAULTS_TITLE = 'Faults (logged, not thrown)';

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
function codeSections(text = doc): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  for (const match of text.matchAll(/^### `([^`]+)`\n([\s\S]*?)(?=^#{2,3} |(?![\s\S]))/gm)) {
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
  RouterError,
  WorkerError,
  NetError,
  ConfigError,
  ConsoleError,
} as const;

const PREFIX_OF_CLASS = new Map<unknown, string>([
  [MachineError, 'MACHINE_'],
  [EventError, 'EVENT_'],
  [StateError, 'STATE_'],
  [GObjError, 'GOBJ_'],
  [GConfigTemplateError, 'GCONFIG_TEMPLATE_'],
  [GConfigValidateError, 'GCONFIG_'],
  [GAplicError, 'GAPLIC_'],
  [RouterError, 'ROUTER_'],
  [WorkerError, 'WORKER_'],
  [NetError, 'NET_'],
  [ConfigError, 'INI_'],
  [ConsoleError, 'GCONSOLE_'],
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

  test('errors doc - every code-like token in backticks is an error code or a fault code', () => {
    const known = new Set<string>([...codes, ...faultCodes]);
    const tokens = [...doc.matchAll(/`([A-Z]+(?:_[A-Z0-9]+)+)`/g)].map((m) => m[1]!);
    assert.ok(tokens.length >= codes.length + faultCodes.length);
    const unknown = tokens.filter((t) => !known.has(t));
    assert.deepEqual(
      unknown,
      [],
      `documented but neither in ERROR_CODES nor in FAULT_CODES: ${unknown.join(', ')}`,
    );
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
    const classNames = [...new Set(codes.map((code) => ERROR_CODES[code][0]))];
    assert.deepEqual(classNames, Object.keys(CLASS_BY_NAME));
    for (const name of ['GinsfsmError', ...classNames]) {
      assert.ok(sections.has(name), `no '## ${name}' section`);
    }
  });

  test('errors doc - the sections of a class hold only codes of that class', () => {
    const known = new Set<string>(codes);
    for (const [title, text] of classSections()) {
      if (title === FAULTS_TITLE) continue;
      for (const code of codeSections(`## ${text}`).keys()) {
        assert.ok(known.has(code), `'### \`${code}\`' under '## ${title}' is not an error code`);
        assert.equal(ERROR_CODES[code as ErrorCode][0], title, `${code} is under '## ${title}'`);
      }
    }
  });

  test('errors doc - every code of FAULT_CODES has one section in the faults part, with its level and meaning', () => {
    const part = classSections().get(FAULTS_TITLE);
    assert.ok(part !== undefined, `no '## ${FAULTS_TITLE}' section`);
    const inPart = codeSections(`## ${part}`);
    const everywhere = codeSections();
    for (const code of faultCodes) {
      const [level, meaning] = FAULT_CODES[code];
      assert.equal(
        everywhere.get(code)?.length,
        1,
        `${code}: expected one '### \`${code}\`' section`,
      );
      const section = inPart.get(code)?.[0];
      assert.ok(section !== undefined, `${code} is not under '## ${FAULTS_TITLE}'`);
      assert.ok(
        section.includes(`**Level:** ${level}\n`),
        `${code}: the section must say '**Level:** ${level}'`,
      );
      assert.ok(
        section.includes(`**Meaning:** ${meaning}.`),
        `${code}: the section must say '**Meaning:** ${meaning}.'`,
      );
    }
    const unknown = [...inPart.keys()].filter((code) => !(code in FAULT_CODES));
    assert.deepEqual(unknown, [], `sections of the faults part that are no fault code`);
  });

  test('errors doc - the faults part explains the log line, onFault, faultCounts and onError', () => {
    const part = classSections().get(FAULTS_TITLE)!;
    for (const words of ['`message [CODE]`', '`onFault`', '`gaplic.faultCounts()`', '`onError`']) {
      assert.ok(part.includes(words), `the faults part must mention ${words}`);
    }
    for (const field of ['code', 'level', 'message', 'gobj', 'event', 'error']) {
      assert.ok(part.includes(`- \`${field}\`:`), `the faults part must describe ${field}`);
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

  test('ERROR_CODES - a class refuses the codes of another class at run time', () => {
    assert.throws(() => new GObjError('GAPLIC_QUEUE_FULL' as never, 'x'), {
      name: 'TypeError',
      message: 'error code GAPLIC_QUEUE_FULL cannot be thrown as GObjError',
    });
    for (const code of codes) {
      const Class = CLASS_BY_NAME[ERROR_CODES[code][0]];
      assert.equal(new Class(code as never, 'x').name, Class.name);
    }
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
