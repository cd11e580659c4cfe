/**
 * For the ported examples' browser pages: the page's query parameters, and what the page's
 * gobjs print (console.log) shown on the page too, in its `<pre id="log">`. Runs in a
 * browser; the project compiles without the DOM types, so the little it uses is declared.
 */
interface Page {
  readonly location: { readonly search: string; readonly hostname: string };
  readonly document: { getElementById(id: string): { textContent: string | null } | null };
}

const page = globalThis as unknown as Page;

/** The page's query (`?router=ws://...&user=...`). */
export const query = new URLSearchParams(page.location.search);

/** A router URL on the page's host: `ws://<host>:<port>` unless `?router=` gives one. */
export function routerUrl(defaultPort: number): string {
  return query.get('router') ?? `ws://${page.location.hostname}:${defaultPort}`;
}

/** From now on, every console.log line also shows in the page's `#log`. */
export function mirrorConsole(): void {
  const log = page.document.getElementById('log');
  const print = console.log.bind(console);
  console.log = (line: string): void => {
    print(line);
    if (log !== null) log.textContent = `${log.textContent ?? ''}${line}\n`;
  };
}
