// The static routes string of ginsfsm's ini files, and the checks of a route given as data.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStaticRoutes } from '../../src/index.js';
import { checkStaticRoute, normalizeUrl } from '../../src/router/static-routes.js';

test('parseStaticRoutes - routes by ;, fields by ,, several roles or URLs by +', () => {
  assert.deepEqual(
    parseStaticRoutes(
      ' TOTO, toto, ws://localhost:2690 ; Bank , money + loans , wss://a:443/r + wss://b/r ;',
    ),
    [
      { name: 'TOTO', roles: ['toto'], urls: ['ws://localhost:2690/'] },
      { name: 'Bank', roles: ['money', 'loans'], urls: ['wss://a:443/r', 'wss://b:443/r'] },
    ],
  );
  assert.deepEqual(parseStaticRoutes(''), []);
  assert.deepEqual(parseStaticRoutes(' ; ;'), []);
});

test('normalizeUrl - http(s) stands for ws(s), a missing port is the scheme default (as ginsfsm)', () => {
  assert.equal(normalizeUrl('http://localhost:8002'), 'ws://localhost:8002/');
  assert.equal(normalizeUrl('https://example.org/x?y=1'), 'wss://example.org:443/x?y=1');
  assert.equal(normalizeUrl('ws://127.0.0.1'), 'ws://127.0.0.1:80/');
  assert.equal(normalizeUrl('ws://[::1]:2690/r'), 'ws://[::1]:2690/r');
});

test('parseStaticRoutes - a route without 3 fields, or a bad URL, throws ROUTER_BAD_STATIC_ROUTE naming it', () => {
  assert.throws(() => parseStaticRoutes('TOTO, ws://h:1'), {
    code: 'ROUTER_BAD_STATIC_ROUTE',
    message:
      'staticRoutes: route "TOTO, ws://h:1" has 2 fields, expected 3: name, role1+role2, url1+url2 (empty fields do not count, as in ginsfsm: give a route without a name or roles with addStaticRoute)',
  });
  assert.throws(() => parseStaticRoutes('TOTO, toto, localhost:2690'), {
    code: 'ROUTER_BAD_STATIC_ROUTE',
    message:
      'static route: url got "localhost:2690" (string), expected a ws://, wss://, http:// or https:// URL with a host',
  });
  assert.throws(() => parseStaticRoutes('TOTO, toto, not a url'), {
    code: 'ROUTER_BAD_STATIC_ROUTE',
    message:
      'static route: url got "not a url" (string), expected a URL such as ws://host:port/path',
  });
});

test('checkStaticRoute - wrong types throw ROUTER_BAD_STATIC_ROUTE naming the key', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ name: 1, urls: ['ws://h:1'] }, /name got 1 \(number\), expected a string/],
    [{ name: 'x', roles: 'r', urls: ['ws://h:1'] }, /roles got "r" \(string\), expected an array/],
    [
      { name: 'x', urls: 'ws://h:1' },
      /urls got "ws:\/\/h:1" \(string\), expected a non-empty array/,
    ],
    [{ name: 'x', urls: [] }, /urls got array of 0, expected a non-empty array/],
  ];
  for (const [spec, message] of cases) {
    assert.throws(() => checkStaticRoute(spec), { code: 'ROUTER_BAD_STATIC_ROUTE', message });
  }
});
