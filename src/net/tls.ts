/**
 * TLS settings of the sockets, read when a gobj starts (so a wrong file or a key that
 * does not match its certificate throws `NET_BAD_TLS` from `createGObj`, not later from a
 * connection). Values are PEM text or the path of a PEM file, as the router's `tlsCert`.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext, rootCertificates } from 'node:tls';
import { codedError } from '../errors.js';
import { errorMessage } from '../util/error-text.js';
import { socketErrorText } from './socket-error.js';

/** PEM text as given, or read from the file it names. */
function pem(owner: string, name: string, value: string): string {
  if (value.includes('-----BEGIN')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch (error) {
    throw codedError(
      'NET_BAD_TLS',
      `${owner}: ${name} '${value}' is neither PEM text nor a readable file: ${errorMessage(error)}`,
      { cause: error },
    );
  }
}

/** The PEM certificate and key of a TLS server, checked to make a secure context. */
export function serverPems(
  owner: string,
  cert: string,
  key: string,
): { cert: string; key: string } {
  const pems = { cert: pem(owner, 'tlsCert', cert), key: pem(owner, 'tlsKey', key) };
  try {
    createSecureContext(pems);
    return pems;
  } catch (error) {
    throw codedError(
      'NET_BAD_TLS',
      `${owner}: tlsCert and tlsKey do not make a TLS server: ${socketErrorText(error as Error)}`,
      { cause: error },
    );
  }
}

/**
 * The certificates a TLS client trusts: the system's, plus `ca` if given (Node's `ca`
 * replaces its roots, so they are kept). `undefined` = Node's default.
 */
export function clientCa(owner: string, ca: string): string[] | undefined {
  if (ca === '') return undefined;
  return [...rootCertificates, pem(owner, 'tlsCa', ca)];
}
