/**
 * Renders a value for an error message: short, unambiguous, with its type
 * ("'abc' (string)", "42 (number)", "null", "[object Foo]"). It never throws, whatever
 * the value (a Proxy, a getter that throws, a null prototype).
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
      return `function ${safeName(value) || '(anonymous)'}`;
    default:
      try {
        if (Array.isArray(value)) return `array of ${value.length}`;
        const ctor = (value as { constructor?: { name?: unknown } }).constructor;
        return `[object ${typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'Object'}]`;
      } catch {
        return '[object (unreadable)]';
      }
  }
}

function safeName(fn: object): string {
  try {
    const name = (fn as { name?: unknown }).name;
    return typeof name === 'string' ? name : '';
  } catch {
    return '';
  }
}

/** Lists names for a message: `'A', 'B'` or `(none)`. */
export function listNames(names: Iterable<string>): string {
  const out = [...names].map((n) => `'${n}'`).join(', ');
  return out === '' ? '(none)' : out;
}
