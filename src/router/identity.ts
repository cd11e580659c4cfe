/**
 * The identity handshake (ginsfsm §2.10.6): the side that connected sends
 * `__identity_card__` (name, roles), the other answers `__identity_card_ack__`; only then
 * do events flow. Protocol v2 adds to the cards the sender's session, its frame limit
 * and (client to server) the authentication token, which is checked before anything
 * else: a peer without the right token is refused and nothing of it is delivered.
 *
 * Roles advertised: a card carries my roles and, prefixed `^`, the roles of the peers
 * connected to me (back-way: "reach them through me"); an ack carries my roles and,
 * prefixed `*`, the roles of my static routes (subcontracted). A dynamic route's new
 * roles are propagated back-way on every static route, once per change.
 */
import { kFault, kLabel } from '../symbols.js';
import type { IdentityCard, IdentityCardAck, WireMessage } from '../wire/messages.js';
import type { GRouter } from './grouter.js';
import { bareRole } from './roles.js';
import type { Route } from './route.js';
import { CLOSE } from '../links/websocket.js';

/** The card (or its ack) this gaplic sends on `route`. */
export function cardFor<T extends '__identity_card__' | '__identity_card_ack__'>(
  router: GRouter,
  route: Route,
  type: T,
  token = '',
): IdentityCard | IdentityCardAck {
  const host = router.host;
  const roles = [
    ...host.roles,
    ...(type === '__identity_card__' ? backWayRoles(router) : subcontractedRoles(router)),
  ];
  if (route.protocol === 1)
    return { message_type: type, my_gaplic_name: host.name, my_roles: roles };
  return {
    message_type: type,
    my_gaplic_name: host.name,
    my_roles: roles,
    protocol: 2,
    session: router.session,
    max_frame: router.config.maxFrame,
    ...(token !== '' ? { token } : {}),
  };
}

/** `^role` for each role of each peer connected to us (not ours, not already back-way). */
function backWayRoles(router: GRouter): string[] {
  const mine = new Set(router.host.roles);
  const out = new Set<string>();
  for (const route of router.routes) {
    if (route.kind !== 'dynamic' || route.state !== 'up') continue;
    for (const role of route.roles) if (!mine.has(bareRole(role))) out.add(`^${role}`);
  }
  return [...out];
}

/** `*role` for each role of each static route. */
function subcontractedRoles(router: GRouter): string[] {
  const out = new Set<string>();
  for (const route of router.routes) {
    if (route.kind !== 'static') continue;
    for (const role of route.roles) out.add(`*${role}`);
  }
  return [...out];
}

/**
 * Whether `message` may be handled on `route` in its current state: a route still in
 * its handshake takes only the handshake's message (anything else closes the server's
 * connection, is dropped on the client's).
 */
export function admissible(router: GRouter, route: Route, message: WireMessage): boolean {
  if (route.state === 'admitting' && message.message_type !== '__identity_card__') {
    refuse(
      router,
      route,
      CLOSE.protocolError,
      `identity card expected, got ${message.message_type}`,
    );
    return false;
  }
  if (route.state === 'connecting' && message.message_type !== '__identity_card_ack__') {
    router[kFault](
      'MESSAGE_MALFORMED',
      `${router[kLabel]()}: '${message.message_type}' from '${route.name}' before the identity ack dropped`,
      null,
    );
    return false;
  }
  return true;
}

/**
 * A peer presents itself (we are its server, or a worker link). Returns the route its
 * messages now go to: a peer that comes back gets its route again.
 */
export function handleCard(router: GRouter, route: Route, card: IdentityCard): Route {
  if (route.kind === 'static') {
    unexpected(router, route, 'an identity card from the peer we connected to');
    return route;
  }
  if (route.kind === 'link') {
    adoptLink(route, card);
    route.sendControl(cardFor(router, route, '__identity_card_ack__'));
    return route;
  }
  if (route.state === 'admitting') {
    const problem = tokenProblem(router, route, card);
    if (problem !== null) {
      refuse(router, route, CLOSE.policy, problem);
      return route;
    }
    const admitted = router.websockets.admit(route, card);
    admitted.sendControl(cardFor(router, admitted, '__identity_card_ack__'));
    admitted.resume();
    propagateBackWay(router);
    return admitted;
  }
  // A known peer with new roles (ginsfsm's "UPDATE").
  route.roles = card.my_roles;
  route.sendControl(cardFor(router, route, '__identity_card_ack__'));
  propagateBackWay(router);
  return route;
}

/** Our peer answered our card (we are its client, or a worker link). */
export function handleCardAck(router: GRouter, route: Route, ack: IdentityCardAck): void {
  if (route.kind === 'dynamic') {
    unexpected(router, route, 'an identity card ack from a peer that connected to us');
    return;
  }
  if (route.kind === 'link') {
    adoptLink(route, ack);
    return;
  }
  if (route.name === '') route.name = ack.my_gaplic_name;
  else if (route.name !== ack.my_gaplic_name) {
    router[kFault](
      'ROUTE_NAME_MISMATCH',
      `${router[kLabel]()}: static route '${route.name}' reached gaplic '${ack.my_gaplic_name}'; the route takes that name`,
      null,
    );
    route.name = ack.my_gaplic_name;
  }
  learnRoles(router, route, ack.my_roles);
  if (route.state !== 'connecting') return; // a repeated ack: roles only
  router.websockets.continueSession(route, ack.session);
  if (route.protocol === 2 && ack.max_frame !== undefined)
    router.websockets.limitFrame(route, ack.max_frame);
  route.resume();
  router.websockets.opened(route);
  // Peers that connected to us while this route was in its handshake are announced now.
  propagateBackWay(router);
}

/** The roles of a static route after its peer's ack ("lacks role" checks, unknown roles). */
function learnRoles(router: GRouter, route: Route, theirs: readonly string[]): void {
  const bare = new Set(theirs.map(bareRole));
  for (const role of route.roles) {
    if (!bare.has(bareRole(role))) {
      router[kFault](
        'ROUTE_ROLE_MISSING',
        `${router[kLabel]()}: static route '${route.name}' is configured with role '${role}' that its peer does not announce (${theirs.join(', ') || 'none'})`,
        null,
      );
    }
  }
  if (route.roles.length === 0 || router.config.updateUnknownRoles) {
    route.roles = [...new Set([...route.roles, ...theirs])];
  }
}

/** Sends our card again on each up static route whose advertised roles changed. */
export function propagateBackWay(router: GRouter): void {
  for (const route of router.routes) {
    if (route.kind !== 'static' || route.state !== 'up') continue;
    const card = cardFor(router, route, '__identity_card__', router.websockets.tokenOf(route));
    const advertised = card.my_roles.join('+');
    if (advertised === route.advertised) continue;
    route.advertised = advertised;
    route.sendControl(card);
  }
}

function adoptLink(route: Route, card: IdentityCard | IdentityCardAck): void {
  if (route.name === '') route.name = card.my_gaplic_name;
  if (route.roles.length === 0) route.roles = card.my_roles;
}

/** Why the card's token is refused, or null (no token required, or the right one). */
function tokenProblem(router: GRouter, route: Route, card: IdentityCard): string | null {
  const expected = router.config.authToken ?? '';
  if (expected === '') return null;
  if (route.protocol !== 2)
    return 'authentication required: connect with protocol ginsfsm-v2 and a token';
  if (typeof card.token !== 'string' || card.token === '')
    return 'authentication required: no token';
  return sameSecret(card.token, expected) ? null : 'authentication failed: wrong token';
}

/** Compares in a time that does not depend on where the strings differ. */
function sameSecret(given: string, expected: string): boolean {
  let diff = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) {
    diff |= (given.charCodeAt(i % Math.max(given.length, 1)) ^ expected.charCodeAt(i)) & 0xffff;
  }
  return diff === 0;
}

/** A handshake message the other side should send: dropped with a log line. */
function unexpected(router: GRouter, route: Route, what: string): void {
  router[kFault](
    'MESSAGE_MALFORMED',
    `${router[kLabel]()}: message from '${route.name}' dropped: ${what}`,
    null,
  );
}

/** Closes a connection still in its handshake, with the reason, and logs it. */
function refuse(router: GRouter, route: Route, code: number, reason: string): void {
  router[kFault](
    'PEER_REFUSED',
    `${router[kLabel]()}: connection from ${router.websockets.peerOf(route)} refused: ${reason}`,
    null,
  );
  router.websockets.refuse(route, code, reason);
}
