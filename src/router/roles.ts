/**
 * Roles as routes advertise them (ginsfsm's prefixes): a bare role is the peer's own, `*role`
 * is reachable through one of the peer's static routes (it subcontracts it), `^role` is
 * reachable back through one of its dynamic routes. Each prefix is one more hop, so a
 * route search prefers the fewest (ginsfsm stripped them without ranking, §6.4 #38).
 */

/** The role without its `*` and `^` prefixes. */
export function bareRole(role: string): string {
  let i = 0;
  while (i < role.length && (role[i] === '*' || role[i] === '^')) i++;
  return i === 0 ? role : role.slice(i);
}

/** How many hops the prefixes of `role` stand for (0 for a bare role). */
export function roleLevel(role: string): number {
  let i = 0;
  while (i < role.length && (role[i] === '*' || role[i] === '^')) i++;
  return i;
}

/**
 * The hops to `role` through a route advertising `roles`: the lowest level among the
 * roles that are `role` once bare, or -1 when none is.
 */
export function hopsTo(roles: readonly string[], role: string): number {
  let best = -1;
  for (const advertised of roles) {
    if (advertised === role) return 0;
    if (bareRole(advertised) !== role) continue;
    const level = roleLevel(advertised);
    if (best < 0 || level < best) best = level;
  }
  return best;
}

/**
 * ginsfsm's gaplic name of a destination: names given by anonymous peers (`^host port`)
 * are compared by their first word.
 */
export function firstName(name: string): string {
  if (!name.includes('^')) return name;
  const space = name.search(/\s/);
  return space < 0 ? name : name.slice(0, space);
}
