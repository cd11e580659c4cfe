/**
 * The URL-prefix map of a GHttpServer (Paste's urlmap, as ginsfsm's URLMap copied it): a
 * request goes to the application of the longest prefix that matches its path at a
 * segment boundary (`/api` takes `/api`, `/api/x` and `/api?q`, never `/apix`), and the
 * application sees the path with the prefix removed (`/api/x` → `/x`, `/api` → `/`), as
 * Paste moves the prefix to SCRIPT_NAME. No match: the caller answers 404.
 *
 * Prefixes are normalized once (`/api/` → `/api`, `/` → `''`); matching is a scan of a
 * handful of entries longest first, with no allocation.
 */

/** One prefix of the map and what it leads to. */
export interface UrlMapEntry<T> {
  /** Normalized: `''` for the root, else `/a/b` (no trailing slash). */
  readonly prefix: string;
  readonly value: T;
}

/** Why a prefix is refused (for the caller's error message), or null if it is fine. */
export function badPrefix(prefix: string): string | null {
  if (!prefix.startsWith('/')) return "a path starting with '/'";
  if (/[?#\s]/.test(prefix)) return 'a path without ?, # or spaces';
  if (prefix.includes('//')) return "a path without an empty segment ('//')";
  return null;
}

/** `/api/` → `/api`, `/` → `''` (the root). */
export function normalizePrefix(prefix: string): string {
  return prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
}

export class UrlMap<T> {
  /** Longest prefix first. */
  readonly entries: readonly UrlMapEntry<T>[];

  /** `entries`: prefixes already checked by `badPrefix`, normalized, without duplicates. */
  constructor(entries: readonly UrlMapEntry<T>[]) {
    this.entries = [...entries].sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** The entry whose prefix matches `url` (a path with its query), or null. */
  match(url: string): UrlMapEntry<T> | null {
    for (const entry of this.entries) {
      const prefix = entry.prefix;
      const length = prefix.length;
      if (length === 0) return entry;
      if (!url.startsWith(prefix)) continue;
      const next = url.charCodeAt(length); // NaN at the end
      if (Number.isNaN(next) || next === SLASH || next === QUESTION) return entry;
    }
    return null;
  }
}

const SLASH = 0x2f;
const QUESTION = 0x3f;

/** `url` without the `prefix` it matched: `/api/x?q` → `/x?q`, `/api?q` → `/?q`, `/api` → `/`. */
export function stripPrefix(url: string, prefix: string): string {
  const length = prefix.length;
  if (length === 0) return url;
  if (url.length === length) return '/';
  return url.charCodeAt(length) === SLASH ? url.slice(length) : `/${url.slice(length)}`;
}
