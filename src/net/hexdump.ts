/**
 * Hexdump lines for the `traceDump` of the sockets: 16 bytes a line, offset, hex, and the
 * printable ASCII (others shown as '.'), as ginsfsm's and `hexdump -C`'s:
 *
 *   0000  68 65 6c 6c 6f 0a                                 |hello.|
 *
 * A long buffer is cut after `maxBytes` (a trace must not stall the loop on 1 MiB).
 */

/** Bytes shown at most per dump; the rest is counted, not shown. */
export const MAX_DUMP_BYTES = 4096;

export function hexdump(data: Uint8Array, maxBytes = MAX_DUMP_BYTES): string {
  const shown = Math.min(data.length, maxBytes);
  const lines: string[] = [];
  for (let offset = 0; offset < shown; offset += 16) {
    const row = data.subarray(offset, Math.min(offset + 16, shown));
    let hex = '';
    let text = '';
    for (const byte of row) {
      hex += `${byte.toString(16).padStart(2, '0')} `;
      text += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
    }
    lines.push(`${offset.toString(16).padStart(4, '0')}  ${hex.padEnd(48)} |${text}|`);
  }
  if (shown < data.length) lines.push(`... ${data.length - shown} more bytes`);
  return lines.join('\n');
}
