// The gobj tree (src/gobj/gobj.ts, traversal.ts): children, getChild with exact names
// and reName patterns, resourcePath, lineage, inside, toString and repr.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createGObj, destroyGObj, GAplic, GObj, inside } from '../../src/index.js';
import { CaptureLogger } from '../../src/testing/index.js';
import { attachChild, detachChild } from '../../src/gobj/traversal.js';

class Leaf extends GObj {}
class Branch extends GObj {}

describe('tree', () => {
  test('children - are listed and iterated in creation order', () => {
    const root = createGObj('root', Branch, null);
    const made = ['c', 'a', 'b', 'a2'].map((name) => createGObj(name, Leaf, root));
    assert.deepEqual(root.children, made);
    assert.deepEqual([...root], made);
    destroyGObj(made[1] as GObj);
    assert.deepEqual(
      root.children.map((g) => g.name),
      ['c', 'b', 'a2'],
    );
    assert.deepEqual(createGObj('lonely', Leaf, null).children, []);
    assert.deepEqual([...createGObj('lonely', Leaf, null)], []);
  });

  test('children - the list is frozen and reused until the tree changes (no copy per read)', () => {
    const root = createGObj('root', Branch, null);
    createGObj('a', Leaf, root);
    assert.throws(() => ((root.children as GObj[]).length = 0), TypeError);
    assert.equal(root.children.length, 1);
    assert.equal(root.children, root.children);
    const before = root.children;
    createGObj('b', Leaf, root);
    assert.notEqual(root.children, before);
    assert.deepEqual(
      root.children.map((c) => c.name),
      ['a', 'b'],
    );
  });

  test('attachChild - a gobj that already has a parent throws GOBJ_ALREADY_HAS_PARENT', () => {
    const first = createGObj('first', Branch, null);
    const second = createGObj('second', Branch, null);
    const child = createGObj('child', Leaf, first);
    assert.throws(() => attachChild(second, child), {
      name: 'GObjError',
      code: 'GOBJ_ALREADY_HAS_PARENT',
    });
    assert.equal(child.parent, first);
    assert.deepEqual(second.children, []);
  });

  test('detachChild - detaches a child from its parent', () => {
    const first = createGObj('first', Branch, null);
    const child = createGObj('child', Leaf, first);
    detachChild(child);
    assert.equal(child.parent, null);
    assert.deepEqual(first.children, []);
  });
});

describe('getChild', () => {
  test('getChild - finds a child by exact name, undefined when none matches', () => {
    const root = createGObj('root', Branch, null);
    const a = createGObj('a', Leaf, root);
    const b = createGObj('b', Leaf, root);
    assert.equal(root.getChild('a'), a);
    assert.equal(root.getChild('b'), b);
    assert.equal(root.getChild('c'), undefined);
    assert.equal(root.getChild(''), undefined);
    assert.equal(createGObj('empty', Branch, null).getChild('a'), undefined);
  });

  test('getChild - exact names come before reName patterns, whatever the creation order', () => {
    const root = createGObj('root', Branch, null);
    const pattern = createGObj('any', Leaf, root, { reName: '.*' });
    const exact = createGObj('users', Leaf, root);
    assert.equal(root.getChild('users'), exact);
    assert.equal(pattern.reMatchedName, null);
    assert.equal(root.getChild('other'), pattern);
    assert.equal(pattern.reMatchedName, 'other');
  });

  test('getChild - a reName child matches the start of the name and records reMatchedName', () => {
    const root = createGObj('root', Branch, null);
    const ids = createGObj('ids', Leaf, root, { reName: 'id\\d+' });
    const words = createGObj('words', Leaf, root, { reName: '[a-z]+' });
    assert.equal(root.getChild('id42/rest'), ids);
    assert.equal(ids.reMatchedName, 'id42');
    assert.equal(root.getChild('hello-world'), words);
    assert.equal(words.reMatchedName, 'hello');
    assert.equal(root.getChild('x-id42'), words);
    assert.equal(words.reMatchedName, 'x');
    assert.equal(root.getChild('42id'), undefined);
  });

  test('getChild - a child with reName is not found by its own name unless its pattern matches', () => {
    const root = createGObj('root', Branch, null);
    const digits = createGObj('named', Leaf, root, { reName: '\\d+' });
    assert.equal(root.getChild('named'), undefined);
    assert.equal(root.getChild('123'), digits);
  });

  test('getChild - reName must be a valid regular expression', () => {
    const root = createGObj('root', Branch, null);
    assert.throws(() => createGObj('bad', Leaf, root, { reName: '(' }), {
      name: 'GConfigValidateError',
      code: 'GCONFIG_INVALID_VALUE',
    });
    assert.deepEqual(root.children, []);
  });

  test('getChild - traceTraverse logs each lookup', () => {
    const logger = new CaptureLogger();
    const gaplic = new GAplic({ name: 'ga', logger });
    const root = gaplic.createGObj('root', Branch, null, { traceTraverse: true });
    gaplic.createGObj('a', Leaf, root);
    const quiet = gaplic.createGObj('quiet', Branch, null);
    root.getChild('a');
    root.getChild('zz');
    quiet.getChild('a');
    assert.deepEqual(logger.messages('info'), [
      "Branch:root: getChild('a') -> Leaf:a",
      "Branch:root: getChild('zz') -> none",
    ]);
  });
});

describe('paths', () => {
  test('resourcePath - joins the names from the root, with an empty first segment under an unnamed root', () => {
    const root = createGObj(null, Branch, null);
    const a = createGObj('a', Branch, root);
    const b = createGObj('b', Leaf, a);
    assert.equal(b.resourcePath(), '/a/b');
    assert.equal(a.resourcePath(), '/a');
    assert.equal(root.resourcePath(), '');
    assert.equal(b.resourcePath('::'), '::a::b');
    const named = createGObj('top', Branch, null);
    const c = createGObj('c', Leaf, named);
    assert.equal(c.resourcePath(), 'top/c');
    assert.equal(c.resourcePath('.'), 'top.c');
  });

  test('lineage - yields the gobj, its parent and so on up to the root', () => {
    const root = createGObj('root', Branch, null);
    const a = createGObj('a', Branch, root);
    const b = createGObj('b', Leaf, a);
    assert.deepEqual([...b.lineage()], [b, a, root]);
    assert.deepEqual([...root.lineage()], [root]);
  });

  test('inside - is true for the gobj itself and its ancestors only', () => {
    const root = createGObj('root', Branch, null);
    const a = createGObj('a', Branch, root);
    const b = createGObj('b', Leaf, a);
    const other = createGObj('other', Leaf, root);
    assert.equal(inside(b, b), true);
    assert.equal(inside(b, a), true);
    assert.equal(inside(b, root), true);
    assert.equal(inside(a, b), false);
    assert.equal(inside(b, other), false);
    assert.equal(inside(root, a), false);
  });

  test('toString - is the dotted path of names from the root', () => {
    const root = createGObj('root', Branch, null);
    const b = createGObj('b', Leaf, createGObj('a', Branch, root));
    assert.equal(b.toString(), 'root.a.b');
    assert.equal(String(root), 'root');
    const unnamed = createGObj(null, Branch, null);
    assert.equal(createGObj('x', Leaf, createGObj('y', Branch, unnamed)).toString(), 'y.x');
  });

  test('repr - is Class:name from the root down, then Lived or Destroyed', () => {
    const root = createGObj('root', Branch, null);
    const b = createGObj('b', Leaf, createGObj('a', Branch, root));
    assert.equal(b.repr(), 'Branch:root.Branch:a.Leaf:b: Lived');
    destroyGObj(b);
    assert.equal(b.repr(), 'Leaf:b: Destroyed');
  });
});
