/**
 * `ginsfsm describe`: a gclass's configuration table (name, type, default, description,
 * as the original's "Configurable Parameters" table), its events with their attributes
 * (top/bottom, input/output) and its states.
 */
import type { FsmDescriptor } from '../fsm/descriptor.js';
import { parseEventDeclaration } from '../fsm/event-declaration.js';
import { GOBJ_GCONFIG } from '../gconfig/common.js';
import { templateOf } from '../gobj/gclass.js';
import { table } from './text-table.js';

function shown(value: unknown): string {
  if (typeof value === 'function') return `[function ${value.name}]`;
  return JSON.stringify(value) ?? String(value);
}

/** The text `ginsfsm describe` prints for `gclass`. */
export function describeGClass(gclass: {
  readonly name: string;
  readonly fsm: FsmDescriptor;
}): string {
  const lines: string[] = [];
  const chain: string[] = [];
  for (
    let c: unknown = Object.getPrototypeOf(gclass);
    typeof c === 'function' && c !== Function.prototype;
    c = Object.getPrototypeOf(c)
  ) {
    chain.push((c as { name: string }).name);
  }
  lines.push(`${gclass.name}${chain.length > 0 ? ` (extends ${chain.join(' < ')})` : ''}`, '');
  const entries = [...templateOf(gclass).entries.values()];
  const own = entries.filter((e) => !Object.hasOwn(GOBJ_GCONFIG, e.name));
  lines.push('Configurable parameters:');
  if (own.length === 0) lines.push('  (none of its own)');
  else {
    lines.push(
      ...table(
        ['Name', 'Type', 'Default', 'Description'],
        own.map((e) => [e.name, e.type, shown(e.default), e.description]),
      ).map((l) => `  ${l}`),
    );
  }
  lines.push(
    `  and those of every gobj: ${entries
      .filter((e) => Object.hasOwn(GOBJ_GCONFIG, e.name))
      .map((e) => e.name)
      .join(', ')}`,
    '',
  );
  lines.push('Events:');
  const events = gclass.fsm.eventList.map((entry) => {
    const { name, groups } = parseEventDeclaration(entry);
    return [name, groups.map((g) => g.join(' ')).join(': ') || 'input'] as const;
  });
  if (events.length === 0) lines.push('  (none)');
  else lines.push(...table(['Event', 'Attributes'], events).map((l) => `  ${l}`));
  lines.push('', 'States:');
  for (const [index, state] of gclass.fsm.stateList.entries()) {
    const rows = gclass.fsm.machine[state] ?? [];
    lines.push(`  ${state}${index === 0 ? ' (initial)' : ''}`);
    for (const [event, action, next] of rows) {
      const act = action === null ? '' : ` / ${action.name || '(anonymous)'}`;
      lines.push(`    ${event}${act}${next === null || next === state ? '' : ` -> ${next}`}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
