/**
 * The seam between a composite and an HTTP server. The `http` (alias `wsgi`) list of a
 * composite names `[app:...]` sections whose export is an HTTP application; `loadApp`
 * imports and checks them, and `start()` hands them to an `HttpServing`: by default
 * `ghttpServing()`, a GHttpServer per app in the main gaplic (ginsfsm's GWsgiServer per
 * wsgi app); another server can plug in here.
 */
import type { GAplic } from '../gaplic/gaplic.js';

/** One http app of a composite, imported and checked. */
export interface CompositeHttpApp {
  /** The section's name (after `app:`): the name the app is registered under. */
  readonly section: string;
  /** The module's export the section's `use` names (a function or an object). */
  readonly app: unknown;
  /** The section's other keys, interpolated (`host`, `port`, ... as the server wants). */
  readonly settings: Readonly<Record<string, string>>;
  /** Where the section is, for messages: `file:line`. */
  readonly where: string;
}

/** Serves the http apps of a composite, once its main gaplic runs. */
export interface HttpServing {
  /** Starts serving; a rejection stops the composite's start. */
  serve(apps: readonly CompositeHttpApp[], main: GAplic): void | Promise<void>;
  /** Stops serving (before the gaplics stop). @default nothing */
  close?(): void | Promise<void>;
}
