#!/usr/bin/env node
/**
 * `gcreate -s <scaffold> <output_directory>`: a new project from one of the package's
 * scaffolds (as Pyramid's pcreate, which ginsfsm's gcreate cloned). `-l` lists them,
 * `--simulate` shows what would be written. A bad command line: the message and exit code
 * 2; existing files of other content (without `--overwrite`): nothing written, exit 1.
 */
import { main } from './gcreate-main.js';

process.exitCode = main(process.argv.slice(2));
