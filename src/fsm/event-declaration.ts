/**
 * Parsing of one `eventList` entry: `'EV_NAME: top output: bottom input ST_A'`.
 * The name is the text before the first `:`, trimmed; each following `:` group is
 * split on spaces, commas and dots into attribute words.
 */
export interface EventDeclaration {
  readonly name: string;
  /** Attribute groups in declaration order, e.g. `[['top', 'output'], ['bottom', 'input', 'ST_A']]`. */
  readonly groups: readonly (readonly string[])[];
  /** True when any group contains the word `output`. */
  readonly output: boolean;
}

export function parseEventDeclaration(entry: string): EventDeclaration {
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
  return eventList.map((entry) => parseEventDeclaration(entry).name);
}
