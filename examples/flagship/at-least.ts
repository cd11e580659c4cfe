/**
 * The validator of a numeric parameter (a gconfig `validate`): a bad ini value fails the
 * gobj's creation with a message saying what was expected, and the start with it.
 */
export function atLeast(min: number, what = `>= ${min}`): (value: number) => number {
  return (value) => {
    if (!Number.isFinite(value) || value < min) throw new Error(`must be ${what}`);
    return value;
  };
}
