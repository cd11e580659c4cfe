/**
 * The command lines of `gconsole`: their grammar, their help, and the parser that turns a
 * line into a command or throws `GCONSOLE_BAD_COMMAND` naming what is wrong. No line is
 * ever evaluated as code (the original evaluated Python): what the console can do is this
 * list.
 */
import { codedError } from '../errors.js';
import type { Kw } from '../gobj/gevent.js';
import { isPlainObject } from '../util/is-plain-object.js';

/** A parsed console line. */
export type Command =
  | { readonly name: 'help'; readonly topic: string | null }
  | { readonly name: 'target' | 'routes' | 'gobjs' | 'subscriptions' | 'quit' }
  | { readonly name: 'show'; readonly gobj: string }
  | { readonly name: 'send'; readonly gobj: string; readonly event: string; readonly kw: Kw }
  | { readonly name: 'subscribe' | 'unsubscribe'; readonly gobj: string; readonly event: string }
  | { readonly name: 'wait'; readonly seconds: number };

/** Each command: its arguments and what it does (the text of `help`). */
export const COMMANDS: Readonly<Record<string, readonly [string, string]>> = {
  help: ['[command]', 'these lines, or one command'],
  target: ['', "the target gaplic (name, roles, URL) and this console's own name"],
  routes: ['', "the target's routes (its router's EV_SHOW_ROUTES)"],
  gobjs: ['', "the target's unique gobjs, their gclass and state (needs router.inspect)"],
  show: ['<gobj>', "a gobj's state, parameters and events (needs router.inspect)"],
  send: [
    '<gobj> <EV_NAME> [kw]',
    'send an event (kw: a JSON object) and print the return of its action, or the nack',
  ],
  subscribe: ['<gobj> <EV_NAME>', 'print each broadcast of that output event as it arrives'],
  unsubscribe: ['<gobj> <EV_NAME>', 'end that subscription'],
  subscriptions: ['', "this console's subscriptions"],
  wait: ['<seconds>', 'wait, printing what arrives (in scripts: for broadcasts to come)'],
  quit: ['', 'leave (also exit, or the end of the input)'],
};

const ALIASES: Readonly<Record<string, string>> = { exit: 'quit', '?': 'help' };

/** What `help` prints: every command, or one. */
export function helpText(topic: string | null = null): string {
  const names = topic === null ? Object.keys(COMMANDS) : [commandName(topic)];
  const heads = names.map((n) => `${n} ${COMMANDS[n]![0]}`.trim());
  const width = Math.max(...heads.map((h) => h.length));
  return heads.map((h, i) => `  ${h.padEnd(width)}  ${COMMANDS[names[i]!]![1]}`).join('\n');
}

function bad(message: string): never {
  throw codedError('GCONSOLE_BAD_COMMAND', message);
}

function commandName(word: string): string {
  const name = ALIASES[word] ?? word;
  if (!Object.hasOwn(COMMANDS, name)) {
    bad(`unknown command '${word}' (commands: ${Object.keys(COMMANDS).join(', ')})`);
  }
  return name;
}

/** A gobj's unique name: any word. */
function gobjName(command: string, word: string | undefined): string {
  if (word === undefined) bad(`${command}: missing <gobj> (usage: ${usage(command)})`);
  return word;
}

/** An event name as gclasses declare them: letters, digits, `_`, `.`, `-`. */
function eventName(command: string, word: string | undefined): string {
  if (word === undefined) bad(`${command}: missing <EV_NAME> (usage: ${usage(command)})`);
  if (!/^[A-Za-z_][\w.-]*$/.test(word)) {
    bad(`${command}: '${word}' is not an event name (expected letters, digits and _ like EV_PING)`);
  }
  if (word === 'EV_NACK') bad(`${command}: EV_NACK is the routers' answer, not an event to send`);
  return word;
}

function usage(command: string): string {
  return `${command} ${COMMANDS[command]![0]}`.trim();
}

function noMore(command: string, rest: readonly string[]): void {
  if (rest.length > 0) bad(`${command}: unexpected '${rest.join(' ')}' (usage: ${usage(command)})`);
}

function parseKw(text: string): Kw {
  let kw: unknown;
  try {
    kw = JSON.parse(text);
  } catch {
    bad(`send: kw ${text} is not JSON (keys and strings in double quotes: {"a": "x"})`);
  }
  if (!isPlainObject(kw)) bad(`send: kw ${text} is not a JSON object like {"a": 1}`);
  const internal = Object.keys(kw).filter((k) => k.startsWith('__'));
  if (internal.length > 0) {
    bad(`send: kw key '${internal[0]}' is the router's (keys starting with __ are not sent)`);
  }
  return kw;
}

/**
 * The command of `line`, or null for a blank line or a comment (`# ...`). Throws
 * `GCONSOLE_BAD_COMMAND`.
 */
export function parseCommand(line: string): Command | null {
  const text = line.trim();
  if (text === '' || text.startsWith('#')) return null;
  const [word = '', ...rest] = text.split(/\s+/);
  const name = commandName(word);
  switch (name) {
    case 'help':
      if (rest.length > 1) noMore(name, rest.slice(1));
      return { name, topic: rest[0] === undefined ? null : commandName(rest[0]) };
    case 'show':
      noMore(name, rest.slice(1));
      return { name, gobj: gobjName(name, rest[0]) };
    case 'send': {
      const gobj = gobjName(name, rest[0]);
      const event = eventName(name, rest[1]);
      // The kw is the rest of the line, spaces included.
      const kwText = text.replace(/^\S+\s+\S+\s+\S+\s*/, '');
      return { name, gobj, event, kw: kwText === '' ? {} : parseKw(kwText) };
    }
    case 'subscribe':
    case 'unsubscribe':
      noMore(name, rest.slice(2));
      return { name, gobj: gobjName(name, rest[0]), event: eventName(name, rest[1]) };
    case 'wait': {
      noMore(name, rest.slice(1));
      const seconds = Number(rest[0]);
      if (rest[0] === undefined || !(seconds >= 0 && seconds <= 3600)) {
        bad(`wait: seconds got '${rest[0] ?? ''}', expected a number from 0 to 3600`);
      }
      return { name, seconds };
    }
    default:
      noMore(name, rest);
      return { name: name as 'target' | 'routes' | 'gobjs' | 'subscriptions' | 'quit' };
  }
}
