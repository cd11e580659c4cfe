#!/usr/bin/env node
/**
 * `ginsfsm draw <module>#<GClass>` (the gclass's FSM as SVG or Mermaid) and
 * `ginsfsm describe <module>#<GClass>` (its configuration table, events and states).
 */
import { main } from './ginsfsm-main.js';

process.exitCode = await main(process.argv.slice(2));
