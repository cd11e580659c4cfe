/**
 * A gclass is a subclass of GObj with `static fsm` and `static gconfig`. Its
 * parameters are the common gobj parameters, then each ancestor's own `gconfig`
 * (root first), so a subclass inherits and may override its parents' parameters.
 */
import type { FsmDescriptor } from '../fsm/descriptor.js';
import { GOBJ_GCONFIG } from '../gconfig/common.js';
import {
  compileTemplates,
  type CompiledTemplate,
  type GConfigTemplate,
} from '../gconfig/template.js';
import type { GObj } from './gobj.js';

/** A gobj class: constructible with no arguments, with an FSM and a config template. */
export interface GClass<G extends GObj = GObj> {
  new (): G;
  readonly fsm: FsmDescriptor;
  readonly gconfig: GConfigTemplate;
  readonly name: string;
}

const templates = new WeakMap<object, CompiledTemplate>();

/** @internal The merged, validated template of a gclass (cached). */
export function templateOf(gclass: object): CompiledTemplate {
  const known = templates.get(gclass);
  if (known !== undefined) return known;
  const chain: unknown[] = [];
  for (let c: unknown = gclass; typeof c === 'function'; c = Object.getPrototypeOf(c)) {
    if (Object.hasOwn(c, 'gconfig')) chain.unshift((c as unknown as { gconfig: unknown }).gconfig);
  }
  const compiled = compileTemplates([GOBJ_GCONFIG, ...chain]);
  templates.set(gclass, compiled);
  return compiled;
}
