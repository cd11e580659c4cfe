/**
 * Addresses of the sockets: `host:port` text (`[::1]:2000` for IPv6) to and from
 * `{ host, port }`, as log lines and ini values write them.
 */
import { describeValue } from '../util/describe-value.js';

/** Where a client connects. */
export interface Destination {
  readonly host: string;
  readonly port: number;
}

/** `host:port`, with brackets around an IPv6 host. */
export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A port a client can connect to (1..65535). */
export function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}

/**
 * A destination from `'host:port'`, `'[v6]:port'` or `{ host, port }`; throws an Error
 * saying what was expected (validators turn it into `GCONFIG_INVALID_VALUE`).
 */
export function parseDestination(value: unknown): Destination {
  if (typeof value === 'string') {
    const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(value.trim());
    const port = match === null ? NaN : Number(match[3]);
    if (match !== null && isPort(port)) return { host: match[1] ?? match[2]!, port };
  } else if (typeof value === 'object' && value !== null) {
    const { host, port } = value as Record<string, unknown>;
    if (typeof host === 'string' && host !== '' && isPort(port)) return { host, port };
  }
  throw new Error(
    `${describeValue(value)} is no destination: expected 'host:port' or { host, port } with a port of 1..65535`,
  );
}
