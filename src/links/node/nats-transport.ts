/**
 * The router's NATS seam under Node. The files it names are read when the router is
 * created (a wrong path or seed throws `ROUTER_NATS_BAD_CONFIG` from `createGObj`, not
 * later from a connection); the client itself (`nats-client.ts`) is imported on the first
 * connection, so a program that uses no NATS never loads it.
 */
import { readFileSync } from 'node:fs';
import { codedError } from '../../errors.js';
import { errorMessage } from '../../util/error-text.js';
import type { NatsConnection, NatsOptions, NatsTransport } from '../nats-transport.js';

/** The text of `path`, or the coded error naming `parameter`. */
function readable(owner: string, parameter: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw codedError(
      'ROUTER_NATS_BAD_CONFIG',
      `${owner}: ${parameter} '${path}' cannot be read: ${errorMessage(error)}`,
      { cause: error },
    );
  }
}

/** An nkey user seed: 'SU' and 56 more base32 characters. */
const SEED = /^SU[A-Z2-7]{56}$/;

export const nodeNatsTransport: NatsTransport = {
  check(owner: string, options: NatsOptions): void {
    if (options.credsFile !== '') {
      const text = readable(owner, 'natsCredsFile', options.credsFile);
      if (!text.includes('NATS USER JWT') || !text.includes('USER NKEY SEED')) {
        throw codedError(
          'ROUTER_NATS_BAD_CONFIG',
          `${owner}: natsCredsFile '${options.credsFile}' is not a NATS credentials file (a user JWT and its nkey seed)`,
        );
      }
    }
    if (options.nkeySeed !== '') {
      const given = options.nkeySeed.trim();
      const seed =
        given.startsWith('S') && !given.includes('/')
          ? given
          : readable(owner, 'natsNkeySeed', given).trim();
      if (!SEED.test(seed)) {
        throw codedError(
          'ROUTER_NATS_BAD_CONFIG',
          `${owner}: natsNkeySeed must be a user nkey seed ('SU' and 56 base32 characters) or the file holding one`,
        );
      }
    }
    for (const [parameter, value] of [
      ['natsTlsCa', options.tlsCa],
      ['natsTlsCert', options.tlsCert],
      ['natsTlsKey', options.tlsKey],
    ] as const) {
      if (value !== '' && !value.includes('-----BEGIN')) readable(owner, parameter, value);
    }
  },

  async connect(options: NatsOptions): Promise<NatsConnection> {
    const { connectNats } = await import('./nats-client.js');
    return connectNats(options);
  },
};
