/**
 * Renders a value for an error message: short, unambiguous, with its type
 * ("'abc' (string)", "42 (number)", "null", "[object Foo]").
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'string':
      return `${JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value)} (string)`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${String(value)} (${typeof value})`;
    case 'symbol':
      return `${value.toString()} (symbol)`;
    case 'function':
      return `function ${value.name || '(anonymous)'}`;
    default:
      if (Array.isArray(value)) return `array of ${value.length}`;
      return `[object ${value.constructor?.name ?? 'Object'}]`;
  }
}

/** Lists names for a message: `'A', 'B'` or `(none)`. */
export function listNames(names: Iterable<string>): string {
  const out = [...names].map((n) => `'${n}'`).join(', ');
  return out === '' ? '(none)' : out;
}
