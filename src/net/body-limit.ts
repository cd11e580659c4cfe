/**
 * Request bodies under `maxBodySize`. What a request declares is read from its raw header
 * lines (Node builds `req.headers` lazily: the hot path of a Node listener need not pay
 * for it). A declared Content-Length over the limit is refused before the application
 * runs; a chunked body is counted as it arrives:
 *
 *   - fetch and gobj applications get the whole body, read here (`readBody`);
 *   - a Node listener reads its own stream: `limitChunked` counts what Node's parser
 *     pushes into it (the one place every byte passes without changing how the listener
 *     reads), and calls `over` at the first byte beyond the limit, dropping the rest.
 *
 * What is refused is not read: the caller answers 413 with `Connection: close`, so that
 * the rest of the body is never taken off the wire, and the paused stream makes TCP slow
 * the client down meanwhile.
 */
import type { IncomingMessage } from 'node:http';

/** `declaredLength` of a chunked body (Transfer-Encoding): its length comes as it does. */
export const CHUNKED = -1;

/** The Content-Length of a request, CHUNKED for a Transfer-Encoding, 0 without a body. */
export function declaredLength(rawHeaders: readonly string[]): number {
  let length = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length === 14 && name.toLowerCase() === 'content-length') {
      length = Number(rawHeaders[i + 1]);
    } else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') {
      return CHUNKED;
    }
  }
  return length;
}

/**
 * Reads the whole body of `request` (its length declared by `declared`): `done(body)`
 * once it ended, `done(null)` if the connection went away first, `over()` (and nothing
 * else) at the first byte beyond `max` (0: no limit); the stream is then left paused.
 */
export function readBody(
  request: IncomingMessage,
  declared: number,
  max: number,
  done: (body: Buffer | null) => void,
  over: () => void,
): void {
  const chunks: Buffer[] = [];
  let total = 0;
  let settled = false;
  const onData = (chunk: Buffer): void => {
    total += chunk.length;
    if (max > 0 && total > max) {
      settled = true;
      request.off('data', onData);
      request.pause();
      over();
      return;
    }
    chunks.push(chunk);
  };
  request.on('data', onData);
  request.once('end', () => {
    if (settled) return;
    settled = true;
    done(chunks.length === 1 && declared === total ? chunks[0]! : Buffer.concat(chunks, total));
  });
  request.once('close', () => {
    if (settled) return;
    settled = true;
    done(null);
  });
}

/**
 * Counts the chunked body of `request` as Node's parser pushes it into the stream a Node
 * listener reads; at the first byte beyond `max`, calls `over()` and drops what follows.
 */
export function limitChunked(request: IncomingMessage, max: number, over: () => void): void {
  const push = request.push.bind(request);
  let total = 0;
  let refused = false;
  request.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (refused) return false;
    if (chunk !== null) {
      total += (chunk as Uint8Array).length;
      if (total > max) {
        refused = true;
        over();
        return false;
      }
    }
    return push(chunk, encoding);
  };
}
