/**
 * GConfig templates: the typed parameter schema of a gclass. Each entry is
 * `{ type, default, description, flag?, validate? }`; `flag & FLAG_DIRECT_ATTR` stores
 * the value as a property of the object instead of in `config`. Several templates
 * merge, later entries replacing earlier ones with the same name.
 */
import { GConfigTemplateError, type CodeOf } from '../errors.js';
import { describeValue } from '../util/describe-value.js';

/** The parameter types; values (e.g. from ini files) are coerced to them. */
export type GConfigType =
  'str' | 'int' | 'float' | 'bool' | 'list' | 'tuple' | 'dict' | 'bytes' | 'any';

/** The known types, for validation and messages. */
export const GCONFIG_TYPES: readonly GConfigType[] = [
  'str',
  'int',
  'float',
  'bool',
  'list',
  'tuple',
  'dict',
  'bytes',
  'any',
];

/** Flag bit: the parameter is a direct property of the object (`gobj.logger`), not `config.x`. */
export const FLAG_DIRECT_ATTR = 1;

/** One parameter of a template. */
export interface GConfigEntry {
  readonly type: GConfigType;
  readonly default: unknown;
  readonly description: string;
  /** Bit flags; {@link FLAG_DIRECT_ATTR} makes it a direct property. @default 0 */
  readonly flag?: number;
  /** Receives the coerced value and returns the value to store; throws to reject it. */
  readonly validate?: (value: never) => unknown;
}

/** A gconfig template: parameter name → entry. */
export type GConfigTemplate = { readonly [name: string]: GConfigEntry };

/** @internal A validated entry. */
export interface CompiledEntry {
  readonly name: string;
  readonly type: GConfigType;
  readonly default: unknown;
  readonly description: string;
  readonly direct: boolean;
  readonly validate: ((value: unknown) => unknown) | null;
}

/** @internal Validated and merged templates. */
export interface CompiledTemplate {
  readonly entries: ReadonlyMap<string, CompiledEntry>;
}

const ENTRY_FIELDS = new Set(['type', 'default', 'description', 'flag', 'validate']);

function fail(code: CodeOf<'GConfigTemplateError'>, message: string): never {
  throw new GConfigTemplateError(code, message);
}

/** @internal Validates and merges templates (throws `GConfigTemplateError`). */
export function compileTemplates(templates: readonly unknown[]): CompiledTemplate {
  const entries = new Map<string, CompiledEntry>();
  for (const template of templates) {
    if (typeof template !== 'object' || template === null || Array.isArray(template)) {
      fail(
        'GCONFIG_TEMPLATE_NOT_AN_OBJECT',
        `GConfig template must be an object of entries, got ${describeValue(template)}`,
      );
    }
    for (const [name, entry] of Object.entries(template)) {
      entries.set(name, compileEntry(name, entry));
    }
  }
  return { entries };
}

function compileEntry(name: string, entry: unknown): CompiledEntry {
  if (name.trim() === '')
    fail('GCONFIG_TEMPLATE_BAD_NAME', `GConfig parameter name must not be empty`);
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    fail(
      'GCONFIG_TEMPLATE_BAD_ENTRY',
      `GConfig parameter '${name}' must be an object { type, default, description }, got ${describeValue(entry)}`,
    );
  }
  const fields = entry as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!ENTRY_FIELDS.has(key)) {
      fail(
        'GCONFIG_TEMPLATE_BAD_ENTRY',
        `GConfig parameter '${name}' has unknown field '${key}' (expected type, default, description, flag, validate)`,
      );
    }
  }
  for (const key of ['type', 'default', 'description']) {
    if (!(key in fields)) {
      fail('GCONFIG_TEMPLATE_BAD_ENTRY', `GConfig parameter '${name}' lacks the field '${key}'`);
    }
  }
  const { type, flag = 0, validate, description } = fields;
  if (typeof type !== 'string' || !GCONFIG_TYPES.includes(type as GConfigType)) {
    fail(
      'GCONFIG_TEMPLATE_BAD_TYPE',
      `GConfig parameter '${name}': type ${describeValue(type)} must be one of ${GCONFIG_TYPES.join(', ')}`,
    );
  }
  if (typeof flag !== 'number' || !Number.isInteger(flag) || flag < 0) {
    fail(
      'GCONFIG_TEMPLATE_BAD_FLAG',
      `GConfig parameter '${name}': flag ${describeValue(flag)} must be an integer >= 0`,
    );
  }
  if (validate !== undefined && validate !== null && typeof validate !== 'function') {
    fail(
      'GCONFIG_TEMPLATE_BAD_VALIDATOR',
      `GConfig parameter '${name}': validate ${describeValue(validate)} must be a function`,
    );
  }
  if (typeof description !== 'string') {
    fail(
      'GCONFIG_TEMPLATE_BAD_DESCRIPTION',
      `GConfig parameter '${name}': description ${describeValue(description)} must be a string`,
    );
  }
  return {
    name,
    type: type as GConfigType,
    default: fields.default,
    description,
    direct: (flag & FLAG_DIRECT_ATTR) !== 0,
    validate: (validate as CompiledEntry['validate']) ?? null,
  };
}
