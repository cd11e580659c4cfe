/**
 * Parsing of one `eventList` entry: `'EV_NAME: top output: bottom input ST_A'`.
 * The name is the text before the first `:`, trimmed; each following `:` group is
 * split on spaces, commas and dots into attribute words.
 */
import { codedError } from '../errors.js';
import { describeValue } from '../util/describe-value.js';

export interface EventDeclaration {
  readonly name: string;
  /** Attribute groups in declaration order, e.g. `[['top', 'output'], ['bottom', 'input', 'ST_A']]`. */
  readonly groups: readonly (readonly string[])[];
  /** True when any group contains the word `output`. */
  readonly output: boolean;
}

export function parseEventDeclaration(entry: string): EventDeclaration {
  if (typeof entry !== 'string') {
    throw codedError(
      'EVENT_BAD_DECLARATION',
      `parseEventDeclaration: entry got ${describeValue(entry)}, expected a string like 'EV_X: top output'`,
    );
  }
  const [head = '', ...rest] = entry.split(':');
  const groups = rest.map((group) => group.split(/[\s,.]+/).filter((word) => word !== ''));
  return {
    name: head.trim(),
    groups,
    output: groups.some((group) => group.includes('output')),
  };
}

/** Event names with their attributes removed (ginsfsm's `filter_event_attrs`). */
export function filterEventAttrs(eventList: readonly string[]): string[] {
  if (!Array.isArray(eventList)) {
    throw codedError(
      'EVENT_BAD_DECLARATION',
      `filterEventAttrs: eventList got ${describeValue(eventList)}, expected an array of strings`,
    );
  }
  return eventList.map((entry: string) => parseEventDeclaration(entry).name);
}
