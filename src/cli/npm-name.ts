/**
 * Whether a text can name a new npm package, as npm checks it when publishing: lower case,
 * URL-safe characters, at most 214 of them, not starting with '.' or '_', not a Node
 * built-in module. Returns why not, or null when it can.
 */
import { builtinModules } from 'node:module';

const NAME = /^[a-z0-9~-][a-z0-9._~-]*$/;
const RESERVED = new Set(['node_modules', 'favicon.ico', 'ginsfsm']);

export function npmNameProblem(name: string): string | null {
  if (name.length === 0) return 'it is empty';
  if (name.length > 214) return `it has ${name.length} characters, at most 214 are allowed`;
  if (name.startsWith('.') || name.startsWith('_')) return "it starts with '.' or '_'";
  if (name !== name.toLowerCase()) return 'it has upper-case letters';
  if (!NAME.test(name)) return "it has characters other than a-z, 0-9, '-', '.', '_' and '~'";
  if (RESERVED.has(name))
    return 'it is reserved (a project cannot depend on a package of its own name)';
  if (builtinModules.includes(name)) return 'it is the name of a Node built-in module';
  return null;
}
