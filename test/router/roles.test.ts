// Role prefixes: `*` (subcontracted: behind a peer's static route) and `^` (back-way:
// behind a peer's dynamic route); each is one more hop, and the search prefers the fewest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bareRole, firstName, hopsTo, roleLevel } from '../../src/router/roles.js';

test('bareRole / roleLevel - the role without prefixes, and how many hops they stand for', () => {
  assert.equal(bareRole('bank'), 'bank');
  assert.equal(bareRole('*bank'), 'bank');
  assert.equal(bareRole('^*^bank'), 'bank');
  assert.equal(roleLevel('bank'), 0);
  assert.equal(roleLevel('^*bank'), 2);
});

test('hopsTo - the fewest hops to a role among those a route announces, -1 when none', () => {
  assert.equal(hopsTo(['bee', '*see', '^^see'], 'see'), 1);
  assert.equal(hopsTo(['^^see', 'see'], 'see'), 0);
  assert.equal(hopsTo(['bee'], 'see'), -1);
  assert.equal(hopsTo([], 'see'), -1);
});

test('firstName - anonymous peers (^host port) are compared by their first word, as ginsfsm', () => {
  assert.equal(firstName('TOTO'), 'TOTO');
  assert.equal(firstName('^127.0.0.1:5000 local'), '^127.0.0.1:5000');
  assert.equal(firstName('^solo'), '^solo');
});
