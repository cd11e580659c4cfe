/**
 * The answers a GHttpServer gives itself (no match, a refused request, a failed or silent
 * application, a malformed request), as short plain texts: the status line's reason and,
 * if there is one, what happened.
 */
import { STATUS_CODES, type ServerResponse } from 'node:http';

/** Answers `status` with `detail` (or the reason alone) as text; `close` ends the connection. */
export function reply(res: ServerResponse, status: number, detail: string, close = false): void {
  const text = `${status} ${STATUS_CODES[status] ?? ''}${detail === '' ? '' : `: ${detail}`}\n`;
  const headers: Record<string, string | number> = {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  };
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(text);
}

/** The bytes of a whole response with `status`, for a socket that Node's HTTP gave up. */
export function rawReply(status: number): string {
  const text = `${status} ${STATUS_CODES[status] ?? ''}\n`;
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
    'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`
  );
}
