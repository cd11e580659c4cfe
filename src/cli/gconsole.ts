#!/usr/bin/env node
/**
 * `gconsole ws://host:port`: an interactive console connected to a running gaplic through
 * its router — its routes, its unique gobjs and their state (when its router allows
 * inspection), events sent and broadcasts received. Scriptable: with commands on stdin it
 * prints the results and exits 1 if a command failed; a bad command line exits 2, a
 * target it cannot reach 1. See docs/gconsole.md.
 */
import { main } from './gconsole-main.js';

process.exitCode = await main(process.argv.slice(2));
