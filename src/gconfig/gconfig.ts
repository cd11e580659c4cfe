/**
 * A standalone typed configuration (ginsfsm's `GConfig`), for objects that are not
 * gobjs. Gobjs get the same parameters API from their gclass's `static gconfig`.
 */
import { FAULT_CODES, faultLine, makeFault, type FaultCode } from '../faults.js';
import { safeLog, type Logger } from '../logger.js';
import { kFault, kLabel, kTemplate } from '../symbols.js';
import {
  initParameters,
  readParameter,
  readParameters,
  resetAllParameters,
  resetParameter,
  writeParameter,
  writeParameters,
  type ParameterHost,
} from './parameters.js';
import { compileTemplates, type CompiledTemplate, type GConfigTemplate } from './template.js';
import type { GConfigValues } from './values.js';
import { aString, checkArgument, nullable, type Expect } from '../util/check.js';
import { isLogger } from '../logger.js';

const aLogger: Expect = { test: isLogger, expected: 'a logger (debug/info/warn/error)' };

function checkName(name: unknown): string {
  checkArgument('GCONFIG_BAD_ARGUMENT', 'GConfig', 'parameter name', name, aString);
  return name as string;
}

/**
 * Typed parameters built from one or more templates.
 *
 * @example
 * const cfg = new GConfig({ port: { type: 'int', default: 8000, description: 'TCP port' } });
 * cfg.writeParameters({ port: '8080' }); // cfg.config.port === 8080
 */
export class GConfig<C extends GConfigTemplate = GConfigTemplate> implements ParameterHost {
  declare config: GConfigValues<C> & Record<string, unknown>;
  /** @internal */
  readonly [kTemplate]: CompiledTemplate;
  /** Where run-time write errors go (`null` = nowhere). */
  logger: Logger | null;

  /** Throws `GConfigTemplateError` for a bad template, `GConfigValidateError` for a bad default. */
  constructor(templates: C | readonly GConfigTemplate[], logger: Logger | null = null) {
    this[kTemplate] = compileTemplates(Array.isArray(templates) ? templates : [templates]);
    checkArgument('GCONFIG_BAD_ARGUMENT', 'GConfig', 'logger', logger, nullable(aLogger));
    this.logger = logger;
    initParameters(this);
  }

  /** Writes values through the pipeline; bad values are logged and the old value kept. */
  writeParameters(kw: Readonly<Record<string, unknown>>): void {
    writeParameters(this, kw, false);
  }

  /** Writes only the parameters named in `names`. */
  writeFewParameters(names: Iterable<string>, kw: Readonly<Record<string, unknown>>): void {
    writeParameters(this, kw, false, new Set(names));
  }

  /** Writes one value; returns true when stored. */
  writeParameter(name: string, value: unknown): boolean {
    return writeParameter(this, checkName(name), value, false);
  }

  readParameter(name: string): unknown {
    return readParameter(this, checkName(name));
  }

  readParameters(): Record<string, unknown> {
    return readParameters(this);
  }

  resetParameter(name: string): boolean {
    return resetParameter(this, checkName(name));
  }

  resetAllParameters(): void {
    resetAllParameters(this);
  }

  toString(): string {
    return this.constructor.name;
  }

  /** @internal */
  [kLabel](): string {
    return this.constructor.name;
  }

  /** @internal Run-time write errors are logged with their fault code. */
  [kFault](code: FaultCode, message: string, event: string | null, error?: unknown): void {
    const fault = makeFault(code, message, this[kLabel](), event, error);
    safeLog(this.logger, FAULT_CODES[code][0], faultLine(fault));
  }
}
