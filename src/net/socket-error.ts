/**
 * The text of a socket error for messages. OpenSSL's messages carry a thread address and
 * a source path (`80CC…:error:0A000086:SSL routines:…:../deps/openssl/…`); their `reason`
 * and `code` say the same thing in a stable form.
 */
export function socketErrorText(error: Error & { code?: unknown; reason?: unknown }): string {
  if (typeof error.reason === 'string' && error.reason !== '') {
    return typeof error.code === 'string' ? `${error.reason} (${error.code})` : error.reason;
  }
  return error.message;
}
